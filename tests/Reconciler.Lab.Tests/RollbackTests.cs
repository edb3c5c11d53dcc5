using LibGit2Sharp;
using Reconciler.Controller.State;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Lab.Tests;

/// <summary>A failed deploy goes back to the last good commit, is recorded, and is not retried by itself.</summary>
public sealed class RollbackTests
{
    private static string Compose(string command) => $$"""
        services:
          web:
            image: {{Lab.Image}}
            command: {{command}}
            deploy:
              replicas: 1
              update_config: {order: stop-first}
        """;

    [LabFact]
    public async Task A_deploy_that_does_not_converge_is_rolled_back_to_the_last_good_commit()
    {
        await using var stack = new TestStack();
        var (name, git, good) = DeployGoodCommit(stack, "rb");
        using var _ = git;

        stack.Stack(name, Compose("[\"sh\", \"-c\", \"exit 1\"]"), extraSpec: ", convergenceTimeout: 40s");
        var bad = Commit(git, "bad: web exits");
        var failed = stack.Apply();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains($"rolling back {name} to the last good commit {good[..12]}", failed.Output, StringComparison.Ordinal);
        Assert.Contains("recorded: rolled back", failed.Output, StringComparison.Ordinal);
        using var docker = Lab.Connect();
        var service = await docker.Swarm.InspectServiceAsync($"{name}_web");
        Assert.Equal(["sleep", "3600"], service.Spec!.TaskTemplate!.ContainerSpec!.Args);
        Assert.Equal(good, service.Spec.Labels![StackNames.CommitLabel]);

        var state = new StateStore(Path.Combine(stack.Root, ".state")).Load();
        Assert.Equal(good, state.LastGoodCommit);
        Assert.Equal(ApplyResult.RolledBack, state.History[0].Result);
        Assert.Equal(bad, state.History[0].Commit);
        Assert.Equal([name], state.History[0].FailedStacks);

        var again = stack.Apply();
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("failed to deploy before; not retrying it", again.Error, StringComparison.Ordinal);

        git.Revert(git.Head.Tip, Signature(), new RevertOptions());
        var reverted = stack.Apply();
        Assert.True(reverted.ExitCode == 0, reverted.ToString());
    }

    [LabFact]
    public async Task A_failing_healthcheck_is_a_failed_deploy_and_is_rolled_back()
    {
        await using var stack = new TestStack();
        var (name, git, good) = DeployGoodCommit(stack, "hc");
        using var _ = git;

        stack.Stack(name, Compose("[\"sleep\", \"3600\"]") + "\n    healthcheck: {test: [\"CMD\", \"false\"], interval: 1s, timeout: 1s, retries: 1}\n", extraSpec: ", convergenceTimeout: 40s");
        Commit(git, "bad: a healthcheck that always fails");
        var failed = stack.Apply();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains($"FAIL {name}_web: failed: ", failed.Output, StringComparison.Ordinal);
        Assert.Contains("recorded: rolled back", failed.Output, StringComparison.Ordinal);
        using var docker = Lab.Connect();
        var service = await docker.Swarm.InspectServiceAsync($"{name}_web");
        Assert.Null(service.Spec!.TaskTemplate!.ContainerSpec!.Healthcheck);
        Assert.Equal(good, service.Spec.Labels![StackNames.CommitLabel]);
    }

    [LabFact]
    public async Task Without_git_a_failed_deploy_is_reported_and_rollback_is_unavailable()
    {
        await using var stack = new TestStack();
        var name = stack.Name("nogit");
        stack.Stack(name, Compose("[\"sh\", \"-c\", \"exit 1\"]"), extraSpec: ", convergenceTimeout: 20s");

        var failed = stack.Apply();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("not a git work tree", failed.Error, StringComparison.Ordinal);
        Assert.Contains("rollback unavailable", failed.Output, StringComparison.Ordinal);
        Assert.Equal(ApplyResult.Failed, new StateStore(Path.Combine(stack.Root, ".state")).Load().History[0].Result);
    }

    /// <summary>A git repository with one stack whose first commit deployed and converged.</summary>
    private static (string Name, Repository Git, string Good) DeployGoodCommit(TestStack stack, string purpose)
    {
        var name = stack.Name(purpose);
        stack.Stack(name, Compose("[\"sleep\", \"3600\"]"), extraSpec: ", convergenceTimeout: 40s");
        var git = new Repository(Repository.Init(stack.Root));
        File.WriteAllText(Path.Combine(stack.Root, ".gitignore"), ".state/\n");
        var good = Commit(git, "good: web sleeps");

        var first = stack.Apply();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"recorded: converged for commit {good[..12]}", first.Output, StringComparison.Ordinal);
        return (name, git, good);
    }

    private static string Commit(Repository git, string message)
    {
        Commands.Stage(git, "*");
        return git.Commit(message, Signature(), Signature()).Sha;
    }

    private static Signature Signature() => new("reconciler tests", "tests@reconciler.invalid", DateTimeOffset.UtcNow);
}
