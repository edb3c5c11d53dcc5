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
    public async Task A_local_sender_is_piped_by_the_kernel_and_every_byte_arrives()
    {
        var result = await NodePipe.RunAsync(
            shell, ["head", "-c", "67108864", "/dev/zero"],
            shell, ["sh", "-c", "test \"$(wc -c)\" -eq 67108864"], CancellationToken.None);

        Assert.True(result.Succeeded, result.Receiver.Error);
        Assert.Null(result.Bytes);
    }

    [Fact]
    public async Task A_remote_sender_is_copied_through_the_controller_and_counted()
    {
        var elsewhere = new ElsewhereShell();

        var result = await NodePipe.RunAsync(
            elsewhere, ["head", "-c", "67108864", "/dev/zero"],
            shell, ["sh", "-c", "test \"$(wc -c)\" -eq 67108864"], CancellationToken.None);

        Assert.True(result.Succeeded, result.Sender.Error + result.Receiver.Error);
        Assert.Equal(64L * 1024 * 1024, result.Bytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_receiver_that_fails_stops_the_sender_and_both_are_reported(bool senderIsLocal)
    {
        INodeShell from = senderIsLocal ? shell : new ElsewhereShell();

        var result = await NodePipe.RunAsync(
            from, ["cat", "/dev/zero"],
            shell, ["sh", "-c", "head -c 1000 > /dev/null; echo full >&2; exit 1"], CancellationToken.None);

        Assert.Equal(1, result.Receiver.ExitCode);
        Assert.Contains("full", result.Receiver.Error, StringComparison.Ordinal);
        Assert.False(result.Sender.Succeeded);
    }

    /// <summary>
    /// Killed one process at a time, the sender could die first and the receiver, seeing a clean
    /// end of input, carry on (here: touch the marker; for zfs receive: act on a cut stream). The
    /// race is narrow, so it is run a few times.
    /// </summary>
    [Fact]
    public async Task A_cancelled_pipe_stops_both_ends()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var marker = Path.Combine(Path.GetTempPath(), $"pipe-{Guid.NewGuid():N}");

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NodePipe.RunAsync(
                shell, ["cat", "/dev/zero"], shell, ["sh", "-c", $"cat > /dev/null; touch {marker}"], cancel.Token));

            await Task.Delay(200);
            Assert.False(File.Exists(marker), $"the receiver ran on after the pipe was cancelled (attempt {attempt + 1})");
        }
    }

    /// <summary>A node that is not this one as far as NodePipe can tell, though its processes run here.</summary>
    private sealed class ElsewhereShell : INodeShell
    {
        public string Address => "elsewhere";

        public bool RunsHere => false;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => ["env", .. command];
    }
}
