using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Tests;

/// <summary>The local node shell against real processes.</summary>
public sealed class LocalShellTests
{
    private readonly LocalShell shell = new();

    [Fact]
    public async Task Output_error_and_exit_code_come_back()
    {
        var result = await shell.RunAsync(["sh", "-c", "echo out; echo err >&2; exit 3"], CancellationToken.None);

        Assert.Equal(new CommandResult(3, "out\n", "err"), result);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Arguments_reach_the_program_unexpanded()
    {
        var result = await shell.RunAsync(["printf", "%s|", "a b", "$HOME", "it's", "*"], CancellationToken.None);

        Assert.Equal("a b|$HOME|it's|*|", result.Output);
    }

    [Fact]
    public async Task A_pipe_streams_between_two_commands_and_counts_the_bytes()
    {
        const int Size = 64 * 1024 * 1024;

        var (sender, receiver, bytes) = await NodePipe.RunAsync(
            shell, ["head", "-c", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"],
            shell, ["sh", "-c", "wc -c > /dev/null"], CancellationToken.None);

        Assert.True(sender.Succeeded && receiver.Succeeded, sender.Error + receiver.Error);
        Assert.Equal(Size, bytes);
    }

    [Fact]
    public async Task A_receiver_that_fails_stops_the_sender_and_both_are_reported()
    {
        var (sender, receiver, _) = await NodePipe.RunAsync(
            shell, ["cat", "/dev/zero"],
            shell, ["sh", "-c", "head -c 1000 > /dev/null; echo full >&2; exit 1"], CancellationToken.None);

        Assert.False(receiver.Succeeded);
        Assert.Equal("full", receiver.Error);
        Assert.False(sender.Succeeded);
    }
}
