namespace Reconciler.Cli.Tests;

/// <summary>Every verb that touches the state (history, managed paths, ssh control sockets) takes --state-dir.</summary>
public sealed class StateDirOptionTests
{
    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("replicate")]
    public void The_verb_accepts_state_dir(string verb)
    {
        var run = CliRun.Of(verb, "/nonexistent/repo", "--state-dir", Path.Combine(Path.GetTempPath(), "reconciler-unused-state"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'/nonexistent/repo' is not a directory", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized", run.Error, StringComparison.Ordinal);
    }
}
