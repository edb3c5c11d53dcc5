using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Reconciler.Storage.Nodes;

/// <summary>A running command with its streams, for piping one node's output into another node's input.</summary>
public sealed class NodeProcess : IDisposable
{
    private const int SigKill = 9;
    private readonly Process process;
    private readonly Task<string> error;
    private readonly bool ownGroup;

    private NodeProcess(ProcessStartInfo start, bool ownGroup)
    {
        this.ownGroup = ownGroup;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts an argument vector with all three standard streams redirected.</summary>
    public static NodeProcess Start(IReadOnlyList<string> commandLine) => Start(commandLine, ownGroup: false);

    /// <summary>
    /// Starts a pipeline in a process group of its own (setsid), so that <see cref="Kill"/> stops
    /// every member with one signal. Killed one by one, the sender could die first and the
    /// receiver see a clean end of its input and act on a truncated stream.
    /// </summary>
    public static NodeProcess StartGroup(IReadOnlyList<string> commandLine) => Start(["setsid", .. commandLine], ownGroup: true);

    private static NodeProcess Start(IReadOnlyList<string> commandLine, bool ownGroup)
    {
        var start = new ProcessStartInfo(commandLine[0]);
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeProcess(start, ownGroup);
    }

    public Stream Input => process.StandardInput.BaseStream;

    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Waits for the end and returns the exit code and what it wrote to standard error.</summary>
    public async Task<CommandResult> WaitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new CommandResult(process.ExitCode, string.Empty, (await error.ConfigureAwait(false)).Trim());
    }

    public void Kill()
    {
        // setsid ran in place (a child of ours is no group leader), so the group's id is the process id.
        if (!ownGroup || kill(-process.Id, SigKill) != 0)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => process.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
