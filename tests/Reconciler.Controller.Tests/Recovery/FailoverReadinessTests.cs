using Reconciler.Controller.Recovery;
using Reconciler.Storage.Paths;
using static Reconciler.Controller.Tests.Recovery.FailoverFixture;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class FailoverReadinessTests
{
    private static IReadOnlyList<ReadinessFinding> Assess(FailoverObservation observation) => FailoverReadiness.Assess(observation, Now);

    private static ReadinessFinding Only(IReadOnlyList<ReadinessFinding> findings, string check) => Assert.Single(findings, f => f.Check == check);

    [Fact]
    public void A_worker_with_replica_standby_images_paths_and_reconciler_is_ready_and_the_RPO_is_printed()
    {
        var findings = Assess(Ready());

        Assert.True(FailoverReadiness.Ready(findings), string.Join('\n', findings));
        Assert.Equal(["replica", "standby", "image", "path", "reconciler"], findings.Select(f => f.Check));
        Assert.Equal("hermes:backup/app: RPO 11m (maxLag 30m)", Only(findings, "replica").Detail);
        Assert.Equal("present on hermes (app/db)", Only(findings, "image").Detail);
        Assert.All(findings, f => Assert.Null(f.Remedy));
    }

    [Fact]
    public void A_replica_older_than_maxLag_is_a_problem_that_states_the_RPO()
    {
        var observation = Ready() with { Replicas = new Dictionary<string, ReplicaObservation> { ["backup/app"] = new(true, Now.AddMinutes(-47)) } };

        var replica = Only(Assess(observation), "replica");

        Assert.False(replica.Ok);
        Assert.StartsWith("hermes:backup/app: RPO 47m (maxLag 30m): a failover now would lose more than maxLag", replica.Detail, StringComparison.Ordinal);
        Assert.Contains("app-to-hermes", replica.Remedy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "hermes:backup/app does not exist yet")]
    [InlineData(true, "hermes:backup/app has no snapshot to start from")]
    public void A_missing_or_empty_replica_is_a_problem(bool exists, string detail)
    {
        var observation = Ready() with { Replicas = new Dictionary<string, ReplicaObservation> { ["backup/app"] = new(exists, null) } };

        var replica = Only(Assess(observation), "replica");

        Assert.False(replica.Ok);
        Assert.Equal(detail, replica.Detail);
        Assert.Contains("reconciler replicate", replica.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_dataset_without_a_replication_to_the_worker_is_a_problem()
    {
        var documents = Files["storage.yaml"].Split("---\n");
        var files = new Dictionary<string, string>(Files) { ["storage.yaml"] = documents[0] + "---\n" + documents[2] };
        var observation = Ready() with { Desired = Desired(files) };

        var replica = Only(Assess(observation), "replica");

        Assert.False(replica.Ok);
        Assert.Contains("no Replication sends it to hermes", replica.Detail, StringComparison.Ordinal);
        Assert.Equal("add a Replication with source tank/app and target node hermes", replica.Remedy);
    }

    [Fact]
    public void An_image_the_worker_lacks_from_a_registry_on_the_manager_is_a_trap()
    {
        var observation = Ready() with { WorkerImages = new HashSet<string> { "10.0.0.1:5000/app:0.9" } };

        var image = Only(Assess(observation), "image");

        Assert.False(image.Ok);
        Assert.Equal(Pinned, image.Subject);
        Assert.Contains("its registry 10.0.0.1:5000 runs on atlas", image.Detail, StringComparison.Ordinal);
        Assert.Equal($"pull it on hermes now (docker pull {Pinned}), or host the registry on another machine", image.Remedy);
    }

    [Fact]
    public void Without_the_managers_swarm_the_image_is_looked_up_by_its_tag()
    {
        var observation = Ready() with { RunningImages = new Dictionary<string, string>(), WorkerImages = new HashSet<string> { "10.0.0.1:5000/app:1.0" } };

        Assert.True(Only(Assess(observation), "image").Ok);
    }

    [Fact]
    public void An_image_the_worker_lacks_from_a_registry_elsewhere_is_pulled_from_there()
    {
        var observation = Ready() with { WorkerImages = new HashSet<string>(), ManagerHosts = new HashSet<string> { "atlas", "10.0.0.3" } };

        var image = Only(Assess(observation), "image");

        Assert.True(image.Ok);
        Assert.Equal("not on hermes; it would pull it from 10.0.0.1:5000 (app/db)", image.Detail);
    }

    [Fact]
    public void A_missing_or_stale_standby_is_a_problem()
    {
        var absent = Only(Assess(Ready() with { Standby = StandbyCopy.Absent("no standby on hermes") }), "standby");
        var stale = Only(Assess(Ready() with { LastGoodCommit = "ffff" + Commit[4..] }), "standby");

        Assert.False(absent.Ok);
        Assert.Equal("no standby on hermes", absent.Detail);
        Assert.False(stale.Ok);
        Assert.EndsWith("but the last good commit is ffff3c4d5e6f", stale.Detail, StringComparison.Ordinal);
        Assert.StartsWith("1a2b3c4d5e6f written 2026-12-02 11:40:00Z (20m ago)", Only(Assess(Ready()), "standby").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_missing_or_owned_differently_on_the_worker_is_a_problem()
    {
        var missing = Only(Assess(Ready() with { WorkerPaths = new Dictionary<string, PathState>() }), "path");
        var owner = Only(Assess(Ready() with
        {
            WorkerPaths = new Dictionary<string, PathState> { ["/srv/config"] = new("/srv/config", PathKind.Directory, 0, 0, "0755", "directory") },
        }), "path");

        Assert.False(missing.Ok);
        Assert.Equal("missing on hermes, not a directory", missing.Detail);
        Assert.False(owner.Ok);
        Assert.Equal("0:0 0755 on hermes, declared 1000:1000 0750", owner.Detail);
    }

    [Fact]
    public void A_path_declared_only_for_the_manager_cannot_move()
    {
        var files = new Dictionary<string, string>(Files) { ["storage.yaml"] = Files["storage.yaml"].Replace("mode: \"0750\"}", "mode: \"0750\", nodes: [atlas]}", StringComparison.Ordinal) };

        var path = Only(Assess(Ready() with { Desired = Desired(files) }), "path");

        Assert.False(path.Ok);
        Assert.Equal("add hermes to the nodes of Path config (or drop nodes:), then apply", path.Remedy);
    }

    [Fact]
    public void A_path_inside_a_dataset_replicated_to_the_worker_moves_with_the_replica()
    {
        var path = Assert.Single(Assess(Ready() with { Desired = Desired(WithDataDirectory(", nodes: [atlas]")) }), f => f.Subject == "/srv/app/data");

        Assert.True(path.Ok);
        Assert.Equal("inside dataset tank/app: it moves to hermes with the replica backup/app", path.Detail);
    }

    [Fact]
    public void A_path_inside_a_replicated_dataset_declared_for_the_worker_too_is_in_the_replicas_way()
    {
        var path = Assert.Single(Assess(Ready() with { Desired = Desired(WithDataDirectory(string.Empty)) }), f => f.Subject == "/srv/app/data");

        Assert.False(path.Ok);
        Assert.Contains("declared for hermes too: made there on the root filesystem", path.Detail, StringComparison.Ordinal);
        Assert.Equal("declare Path data for atlas only (nodes: [atlas]), it moves with the replica; then remove /srv/app/data on hermes", path.Remedy);
    }

    /// <summary>The writer's subdirectory declared as a Path, with the given nodes.</summary>
    private static Dictionary<string, string> WithDataDirectory(string nodes) => new(Files)
    {
        ["data.yaml"] = $$"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {name: data}
            spec: {path: /srv/app/data, owner: 999, group: 999, mode: "0700"{{nodes}}}
            """,
    };

    [Fact]
    public void A_worker_that_cannot_run_reconciler_is_not_ready()
    {
        var findings = Assess(Ready() with { WorkerReconciler = new CommandObservation(false, "`reconciler --version` exited 127: not found") });

        Assert.False(FailoverReadiness.Ready(findings));
        Assert.Equal("cannot run it there: `reconciler --version` exited 127: not found", Only(findings, "reconciler").Detail);
    }
}
