using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests;

/// <summary>The ssh node shell against the lab's own sshd (on the worker node hermes: key only, strict host keys).</summary>
public sealed class SshShellLabTests
{
    private static SshShell Node() => new(
        Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_DESTINATION") ?? "missing",
        new SshOptions(
            Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_KEY"),
            Environment.GetEnvironmentVariable("RECONCILER_LAB_KNOWN_HOSTS"),
            int.TryParse(Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_PORT"), out var port) ? port : null));

    [LabFact]
    public async Task A_command_runs_on_the_node_with_its_arguments_intact()
    {
        var result = await Node().RunAsync(["printf", "%s|", "a b", "$HOME", "it's", "*"], CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("a b|$HOME|it's|*|", result.Output);
    }

    [LabFact]
    public async Task Exit_codes_and_errors_come_back_from_the_node()
    {
        var result = await Node().RunAsync(["sh", "-c", "echo nope >&2; exit 7"], CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("nope", result.Error);
    }

    [LabFact]
    public async Task An_unknown_host_key_is_refused_not_accepted()
    {
        var unknown = Path.GetTempFileName();
        try
        {
            var shell = new SshShell(Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_DESTINATION")!, new SshOptions(
                Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_KEY"), unknown, int.Parse(Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_PORT")!, System.Globalization.CultureInfo.InvariantCulture)));

            var result = await shell.RunAsync(["true"], CancellationToken.None);

            Assert.Equal(255, result.ExitCode);
            Assert.Contains("Host key verification failed", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(unknown);
        }
    }

    [LabFact]
    public async Task A_stream_is_piped_from_this_node_into_a_command_over_ssh()
    {
        const long Size = 128L * 1024 * 1024;

        var result = await NodePipe.RunAsync(
            new LocalShell(), ["head", "-c", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/urandom"],
            Node(), ["sh", "-c", "test \"$(wc -c)\" -eq 134217728"], CancellationToken.None);

        Assert.True(result.Sender.Succeeded, result.Sender.Error);
        Assert.True(result.Receiver.Succeeded, "the node received a different number of bytes: " + result.Receiver.Error);
    }
}
