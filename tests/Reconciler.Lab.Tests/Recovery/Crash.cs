using System.Diagnostics;
using System.Text;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// A recovery command that dies at a chosen step: the lab's reconciler build runs as a process of
/// its own and is killed (SIGKILL, with everything it started) the moment its output shows a line
/// with the given text. That is how a power cut, the OOM killer or a closed console ends a failover
/// at 3 a.m., and running the command again must finish the job.
/// </summary>
internal static class Crash
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="command"/> and kills it at the first output line containing <paramref name="at"/>; returns the output until then.</summary>
    public static async Task<string> AtAsync(IReadOnlyList<string> command, string at)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.Contains(at, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                    return output.ToString();
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        Assert.Fail($"the command ended (exit {process.ExitCode}) before printing '{at}':\n{output}--- stderr\n{await error}");
        return string.Empty;
    }

    /// <summary>The lab's reconciler build, as a command line.</summary>
    public static string[] Reconciler(params string[] arguments) => ["dotnet", Path.Combine(AppContext.BaseDirectory, "reconciler.dll"), .. arguments];
}
