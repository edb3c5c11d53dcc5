namespace Reconciler.Cli.Tests;

/// <summary>What `reconciler rebalance` refuses before it changes anything (the rebalance itself is a lab test).</summary>
public sealed class RebalanceCommandTests
{
    private static readonly string Sample = RepositoryRoot.Combine("sample-repo");

    [Fact]
    public void A_stack_the_repository_does_not_have_is_refused_by_name()
    {
        var run = CliRun.Of("rebalance", Sample, "--stack", "nope", "--docker-host", "unix:///nonexistent/docker.sock");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("reconciler: error: the repository has no stack 'nope'; it has: ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void An_engine_it_cannot_reach_is_one_line_naming_it()
    {
        var run = CliRun.Of("rebalance", Sample, "--yes", "--docker-host", "unix:///nonexistent/docker.sock");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("reconciler: error: cannot talk to the Docker Engine at unix:///nonexistent/docker.sock", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }
}
