using Reconciler.Core.Model;
using Reconciler.Core.Recovery;

namespace Reconciler.Core.Tests;

/// <summary>The failover overlay: each thing the lost node held, moved to the survivor, or a problem.</summary>
public sealed class FailoverOverlayTests
{
    internal const string Replication = """
        apiVersion: reconciler/v1
        kind: Replication
        metadata: {name: db-to-hermes}
        spec:
          source: tank/apps/db
          target: {node: hermes, dataset: backup/db}
          every: 15m
        """;

    private static readonly FailoverOverlay AtlasLost = new("atlas", "hermes", 3, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(1)), new Dictionary<string, TimeSpan>
    {
        ["tank/apps/db"] = TimeSpan.FromMinutes(11),
        ["tank/apps/other"] = TimeSpan.FromMinutes(4),
    });

    /// <summary>The test repository with db replicated to hermes: a cluster that can fail over.</summary>
    internal static TestRepository Replicated() => new TestRepository().With("replication.yaml", Replication);

    [Fact]
    public void The_line_names_both_nodes_the_time_in_utc_the_epoch_and_the_worst_rpo()
    {
        Assert.Equal("failed over from atlas to hermes at 2026-12-02 08:00Z (epoch 3); RPO 11m", AtlasLost.Describe());
    }

    [Fact]
    public void Without_replicated_datasets_the_line_has_no_rpo()
    {
        Assert.Equal("failed over from atlas to hermes at 2026-12-02 08:00Z (epoch 3)", (AtlasLost with { Rpo = new Dictionary<string, TimeSpan>() }).Describe());
    }

    [Fact]
    public void The_survivor_alone_is_the_cluster_with_the_lost_nodes_role_labels_and_local_address()
    {
        var result = Apply(Replicated());

        var node = Assert.Single(result.State.Cluster!.Nodes);
        Assert.Equal(("hermes", NodeRole.Manager, "local"), (node.Name, node.Role, node.Address));
        Assert.Equal(new Dictionary<string, string> { ["storage"] = "primary" }, node.Labels);
        Assert.Empty(result.Problems);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_survivor_keeps_its_address_when_the_controller_did_not_run_on_the_lost_node()
    {
        var repo = Replicated().Replace("cluster.yaml", "role: manager", "role: manager\n      address: root@10.0.0.1");

        Assert.Equal("root@10.0.0.2", Assert.Single(Apply(repo).State.Cluster!.Nodes).Address);
    }

    [Fact]
    public void On_a_conflicting_label_the_lost_nodes_value_wins_and_says_so()
    {
        var repo = Replicated().Replace("cluster.yaml", "address: root@10.0.0.2", "address: root@10.0.0.2\n      labels: {storage: replica, tier: stateless}");

        var result = Apply(repo);

        Assert.Equal(new Dictionary<string, string> { ["storage"] = "primary", ["tier"] = "stateless" }, result.State.Cluster!.Nodes[0].Labels);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("node hermes: label storage becomes 'primary' (atlas's) instead of its own 'replica'; services placed by storage == replica no longer fit it", warning.ToString());
        Assert.True(result.CanApply);
    }

    [Fact]
    public void A_dataset_of_the_lost_node_becomes_its_replica_on_the_survivor_mounted_where_the_source_was()
    {
        var state = Replicated().Validate().State;

        var dataset = Assert.Single(AtlasLost.ApplyTo(state).State.Datasets);

        Assert.Equal(state.Datasets.Single() with { Name = "backup/db", Node = "hermes" }, dataset);
        Assert.Equal("/srv/data/db", dataset.Mountpoint);
    }

    [Fact]
    public void A_dataset_of_the_lost_node_without_a_replica_on_the_survivor_is_a_problem()
    {
        var result = Apply(new TestRepository());

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Dataset tank/apps/db: it lives on atlas and no Replication sends it to hermes, so there is no copy to take over; its data is only on atlas", problem.ToString());
        Assert.False(result.CanApply);
    }

    [Fact]
    public void Two_replicas_on_the_survivor_are_a_problem_since_either_could_take_over()
    {
        var repo = Replicated().With("second.yaml", Replication.Replace("db-to-hermes", "db-again").Replace("backup/db", "backup/db2"));

        Assert.Contains("Replications db-to-hermes, db-again all send it to hermes", Assert.Single(Apply(repo).Problems).Message);
    }

    [Fact]
    public void Datasets_of_the_survivor_stay_and_replications_from_or_to_the_lost_node_are_suspended()
    {
        var repo = Replicated().With("hermes.yaml", """
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: fast/cache}
            spec: {node: hermes, mountpoint: /srv/cache, owner: 0, group: 0, mode: "0755"}
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: cache-to-atlas}
            spec:
              source: fast/cache
              target: {node: atlas, dataset: tank/cache}
              every: 1h
            """);

        var result = Apply(repo);

        Assert.Equal(["backup/db", "fast/cache"], result.State.Datasets.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.Empty(result.State.Replications);
    }

    [Theory]
    [InlineData("[atlas]", "hermes")]
    [InlineData("[atlas, hermes]", "hermes")]
    [InlineData("[hermes, atlas]", "hermes")]
    [InlineData("[hermes]", "hermes")]
    public void Paths_on_the_lost_node_are_on_the_survivor(string nodes, string expected)
    {
        var repo = Replicated().Replace("paths.yaml", "mode: \"0755\"}", $"mode: \"0755\", nodes: {nodes}}}");

        Assert.Equal([expected], Assert.Single(Apply(repo).State.Paths).Nodes);
    }

    [Fact]
    public void A_path_on_every_node_stays_on_every_node()
    {
        Assert.Empty(Assert.Single(Apply(Replicated()).State.Paths).Nodes);
    }

    [Fact]
    public void Hostname_pins_to_the_lost_node_pin_the_survivor_and_other_constraints_stay()
    {
        var repo = Replicated().Replace("app/compose.yaml", "constraints: [node.hostname == atlas]",
            "constraints: [node.hostname==atlas, node.hostname != atlas, node.labels.storage == primary]");
        var original = repo.Validate().State;

        var db = Apply(repo).State.Compose["app"].FindService("db")!;

        Assert.Equal(["node.hostname==hermes", "node.hostname != atlas", "node.labels.storage == primary"], db.Deploy.Constraints.Select(c => c.Text));
        Assert.Equal("hermes", db.Deploy.Constraints[0].Value);
        Assert.Equal("""["node.hostname==hermes","node.hostname != atlas","node.labels.storage == primary"]""", db.Definition["deploy"]!["placement"]!["constraints"]!.ToJsonString());
        Assert.Equal("node.hostname==atlas", original.Compose["app"].FindService("db")!.Definition["deploy"]!["placement"]!["constraints"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_single_constraint_written_as_a_string_is_remapped_too()
    {
        var repo = Replicated().Replace("app/compose.yaml", "constraints: [node.hostname == atlas]", "constraints: node.hostname == atlas");

        var db = Apply(repo).State.Compose["app"].FindService("db")!;

        Assert.Equal("node.hostname == hermes", db.Definition["deploy"]!["placement"]!["constraints"]!.GetValue<string>());
        Assert.Equal("node.hostname == hermes", Assert.Single(db.Deploy.Constraints).Text);
    }

    [Fact]
    public void A_service_that_fits_no_node_after_the_failover_is_a_warning()
    {
        var repo = Replicated().Replace("app/compose.yaml", "      - /srv/config/web:/etc/nginx/conf.d:ro",
            "      - /srv/config/web:/etc/nginx/conf.d:ro\n    deploy:\n      placement:\n        constraints: [node.role == worker]");

        var warning = Assert.Single(Apply(repo).Warnings);

        Assert.Equal("service app/web: its placement (node.role == worker) fits no node once hermes is the only one; it stays pending until failback", warning.ToString());
    }

    [Theory]
    [InlineData("olympus", "hermes", "node 'olympus' is not declared in the Cluster (nodes: atlas, hermes)")]
    [InlineData("atlas", "atlas", "the lost node and the survivor are both 'atlas'; name the node that is gone and the one that takes over")]
    [InlineData("hermes", "atlas", "node 'hermes' is not the manager: failover replaces a lost manager, and Swarm reschedules a lost worker's services itself")]
    public void A_failover_the_cluster_cannot_take_is_a_problem(string lost, string survivor, string message)
    {
        var state = Replicated().Validate().State;

        var result = (AtlasLost with { Lost = lost, Survivor = survivor }).ApplyTo(state);

        Assert.Contains(message, result.Problems.Select(p => p.Message));
        Assert.Equal(StateShape.Of(state), StateShape.Of(result.State));
    }

    [Fact]
    public void A_third_node_is_a_problem_since_it_would_stay_in_the_old_swarm()
    {
        var repo = Replicated().Replace("cluster.yaml", "  policy:", "    - name: iris\n      role: worker\n      address: root@10.0.0.3\n  policy:");

        var problem = Assert.Single(Apply(repo).Problems);

        Assert.Equal("Cluster: the Cluster has nodes besides atlas and hermes (iris): failover makes hermes a new one-node swarm and cannot take them along; it is for two-node clusters", problem.ToString());
    }

    [Fact]
    public void A_repository_without_a_cluster_is_a_problem_not_an_exception()
    {
        var result = Apply(Replicated().Without("cluster.yaml"));

        Assert.Equal("Cluster: the repository declares no Cluster, so there is no node to fail over", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void The_repositorys_own_state_is_left_as_it_was()
    {
        var state = Replicated().Validate().State;
        var before = StateShape.Of(state);

        AtlasLost.ApplyTo(state);

        Assert.Equal(before, StateShape.Of(state));
    }

    private static OverlayResult Apply(TestRepository repo) => AtlasLost.ApplyTo(repo.Validate().State);
}
