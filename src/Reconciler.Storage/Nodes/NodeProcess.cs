using System.Diagnostics;

namespace Reconciler.Storage.Nodes;

/// <summary>A running command with its streams, for piping one node's output into another node's input.</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> error;

    private NodeProcess(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts an argument vector with all three standard streams redirected.</summary>
    public static NodeProcess Start(IReadOnlyList<string> commandLine)
    {
        var start = new ProcessStartInfo(commandLine[0]);
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeProcess(start);
    }

    public Stream Input => process.StandardInput.BaseStream;

    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Waits for the end and returns the exit code and what it wrote to standard error.</summary>
    public async Task<CommandResult> WaitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new CommandResult(process.ExitCode, string.Empty, (await error.ConfigureAwait(false)).Trim());
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose() => process.Dispose();
}
