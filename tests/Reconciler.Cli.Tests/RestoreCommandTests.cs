using Reconciler.Controller.Recovery;

namespace Reconciler.Cli.Tests;

/// <summary>
/// `reconciler restore` refuses before it touches a node or the engine: what it does on a cluster
/// is the lab's drill (RestoreLabTests).
/// </summary>
public sealed class RestoreCommandTests : IDisposable
{
    private readonly string stateDir = Directory.CreateTempSubdirectory("reconciler-restore-").FullName;
    private readonly string repository = Directory.CreateTempSubdirectory("reconciler-restore-repo-").FullName;

    public RestoreCommandTests()
    {
        File.WriteAllText(Path.Combine(repository, "cluster.yaml"), """
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes: [{name: atlas, role: manager}]
              policy: {bindRoots: [/srv]}
            ---
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/app}
            spec: {node: atlas, mountpoint: /srv/app, owner: 0, group: 0, mode: "0755"}
            ---
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/other}
            spec: {node: atlas, mountpoint: /srv/other, owner: 0, group: 0, mode: "0755"}
            """);
    }

    [Fact]
    public void A_restore_names_its_snapshot()
    {
        var run = CliRun.Of("restore", "tank/app", repository, "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Option '--to' is required.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void From_a_replica_there_is_no_rollback()
    {
        var run = CliRun.Of("restore", "tank/app", repository, "--to", "s1", "--from-replica", "--method", "rollback", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("reconciler: error: --from-replica streams the snapshot into a new dataset", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_the_repository_does_not_declare_is_refused_with_those_it_does()
    {
        var run = CliRun.Of("restore", "tank/ap", repository, "--to", "s1", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("reconciler: error: tank/ap is not a Dataset of this repository; it declares tank/app, tank/other\n", run.Error);
    }

    [Fact]
    public void While_another_restore_is_unfinished_it_says_how_to_finish_that_one_and_apply_refuses_too()
    {
        new RestoreRecord("tank/other", "atlas", "s0", RestoreMethod.FromReplica, "20261126T103000Z", new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero),
            new Dictionary<string, string>(), [], true, new ReplicaSource("hermes", "backup/other")).Save(stateDir);

        var run = CliRun.Of("restore", "tank/app", repository, "--to", "s1", "--state-dir", stateDir);
        var apply = CliRun.Of("apply", "--yes", repository, "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("reconciler: error: a restore is unfinished here (restoring tank/other to s0 (from-replica), begun 2026-11-26 10:30:00Z); "
            + $"finish it first: reconciler restore tank/other --to s0 --from-replica {repository}\n", run.Error);
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("reconciler: error: a restore is unfinished here (restoring tank/other to s0 (from-replica), begun 2026-11-26 10:30:00Z); nothing applied", apply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fenced_node_restores_nothing()
    {
        new FenceRecord(DateTimeOffset.UtcNow, "hermes took over", 1, "hermes", ["tank/app"]).Save(stateDir);

        var run = CliRun.Of("restore", "tank/app", repository, "--to", "s1", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("reconciler: error: this node is fenced since ", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing restored", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(stateDir, recursive: true);
        Directory.Delete(repository, recursive: true);
    }
}
