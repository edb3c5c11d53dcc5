namespace Reconciler.Storage.Nodes;

public static class NodeShellExtensions
{
    /// <summary>Runs a command to its end and collects what it printed.</summary>
    public static async Task<CommandResult> RunAsync(this INodeShell shell, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var process = shell.Start(command);
        process.Input.Close();
        var output = new StreamReader(process.Output).ReadToEndAsync(cancellationToken);
        var result = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result with { Output = await output.ConfigureAwait(false) };
    }
}
