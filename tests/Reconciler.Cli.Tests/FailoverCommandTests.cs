using System.Text;
using System.Text.Json;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Loading;

namespace Reconciler.Cli.Tests;

/// <summary>
/// `reconciler failover` refuses before it changes anything: without a standby, without a person
/// naming the lost node, or naming the wrong one. What it does on a cluster is the lab's drill
/// (FailoverLabTests); these need no engine, because they stop before one is asked.
/// </summary>
public sealed class FailoverCommandTests : IDisposable
{
    private readonly string stateDir = Directory.CreateTempSubdirectory("reconciler-failover-").FullName;

    [Fact]
    public void Without_a_standby_it_says_where_it_looked_and_what_writes_one()
    {
        var run = CliRun.Of("failover", "--lost", "atlas", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"reconciler: error: no usable standby in {stateDir}/standby", run.Error, StringComparison.Ordinal);
        Assert.Contains("standby.enabled", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_a_node_that_is_not_the_manager_changes_nothing()
    {
        WriteStandby();

        var run = CliRun.Of("failover", "--lost", "hermes", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("reconciler: error: 'hermes' is not the manager; failover replaces the lost manager, atlas\n", run.Error);
        Assert.False(File.Exists(Path.Combine(stateDir, "state.json")));
    }

    [Fact]
    public void Without_a_terminal_the_lost_node_must_be_named()
    {
        WriteStandby();

        var run = CliRun.Of("failover", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("reconciler: error: name the lost node with --lost atlas (needed when not on a terminal)\n", run.Error);
    }

    [Fact]
    public void Print_patch_shows_the_change_from_the_standbys_commit_without_a_lost_node()
    {
        WriteStandby();

        var run = CliRun.Of("failover", "--print-patch", "--state-dir", stateDir);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("--- a/cluster.yaml", run.Output, StringComparison.Ordinal);
        Assert.Contains("+++ b/storage.yaml", run.Output, StringComparison.Ordinal);
        Assert.Contains("+  node: hermes", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(stateDir, "state.json")));
    }

    [Fact]
    public void The_guard_without_a_standby_record_has_nothing_to_guard()
    {
        var run = CliRun.Of("guard", "--state-dir", stateDir);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("guard: no standby is kept from here (standby.json in ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fenced_node_stays_fenced_and_refuses_to_apply_before_it_reads_the_repository()
    {
        new FenceRecord(DateTimeOffset.UtcNow, "hermes took over from atlas at 2026-12-02 10:00:00Z (epoch 1)", 1, "hermes", ["tank/data"]).Save(stateDir);

        var guard = CliRun.Of("guard", "--state-dir", stateDir);
        var apply = CliRun.Of("apply", "--yes", "--state-dir", stateDir, "/nonexistent");

        Assert.Equal(0, guard.ExitCode);
        Assert.StartsWith("guard: still fenced since ", guard.Output, StringComparison.Ordinal);
        Assert.Contains("(epoch 1); tank/data read-only and unmounted; `reconciler guard --release` lifts it", guard.Output, StringComparison.Ordinal);
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("reconciler: error: this node is fenced since ", apply.Error, StringComparison.Ordinal);
    }

    /// <summary>A standby as the controller on atlas writes it: a two-node repository with a replicated dataset.</summary>
    private void WriteStandby()
    {
        var repository = new InMemoryRepositoryFiles(new Dictionary<string, string>
        {
            ["cluster.yaml"] = """
                apiVersion: reconciler/v1
                kind: Cluster
                metadata: {name: lab}
                spec:
                  nodes:
                    - {name: atlas, role: manager}
                    - {name: hermes, role: worker, address: root@10.231.0.2}
                  policy: {bindRoots: [/srv]}
                """,
            ["storage.yaml"] = """
                apiVersion: reconciler/v1
                kind: Dataset
                metadata: {name: tank/data}
                spec:
                  node: atlas
                  mountpoint: /srv/data
                  owner: 0
                  group: 0
                  mode: "0755"
                ---
                apiVersion: reconciler/v1
                kind: Replication
                metadata: {name: data-to-hermes}
                spec: {source: tank/data, target: {node: hermes, dataset: backup/data}, every: 15m}
                """,
        });
        var swarm = new SwarmInitParameters("atlas", "10.231.0.1", "hermes", "10.231.0.2", [], 24, 4789, null, null, null, false);
        var payload = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [StandbyLayout.DesiredState] = DesiredStateArchive.Pack(repository),
            [StandbyLayout.State] = Encoding.UTF8.GetBytes("""{"lastGoodCommit": "c1", "history": []}"""),
            [StandbyLayout.Swarm] = JsonSerializer.SerializeToUtf8Bytes(swarm),
            [StandbyLayout.Configuration] = Encoding.UTF8.GetBytes("repository: {url: file:///srv/git}\n"),
        };
        payload[StandbyLayout.Manifest] = StandbyManifest.For("c1c1c1c1c1c1c1c1", DateTimeOffset.UtcNow, "atlas", 0, payload).ToBytes();
        var current = Path.Combine(StandbyLayout.In(stateDir), StandbyLayout.Current);
        Directory.CreateDirectory(current);
        foreach (var (name, content) in payload)
        {
            File.WriteAllBytes(Path.Combine(current, name), content);
        }
    }

    public void Dispose() => Directory.Delete(stateDir, recursive: true);
}
