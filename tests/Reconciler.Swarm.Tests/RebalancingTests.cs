using Reconciler.Core.Model;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Swarm.Tests;

/// <summary>Which services a rebalance spreads again, from where their tasks run and which nodes may take them.</summary>
public sealed class RebalancingTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    private static readonly IReadOnlySet<string> NoWriters = new HashSet<string>();

    private static readonly SwarmNode Atlas = new("atlas", NodeRole.Manager, new Dictionary<string, string> { ["storage"] = "primary" }, "ready", "active");

    private static readonly SwarmNode Hermes = new("hermes", NodeRole.Worker, NoLabels, "ready", "active");

    private static ServicePlacement Service(string name = "web_app", ServiceKind kind = ServiceKind.Replicated, string[]? constraints = null, bool preferences = false, params (string Node, int Tasks)[] running) =>
        new(name, "web", kind, constraints ?? [], preferences, running.ToDictionary(r => r.Node, r => r.Tasks));

    [Fact]
    public void Two_replicas_piled_on_the_manager_while_the_worker_is_ready_are_unbalanced()
    {
        var decision = Rebalancing.Decide(Service(running: ("atlas", 2)), [Atlas, Hermes], NoWriters);

        Assert.True(decision.Unbalanced);
        Assert.Equal("2 task(s) on atlas, 0 on hermes", decision.Reason);
        Assert.Equal(["atlas", "hermes"], decision.Eligible);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    public void Tasks_within_one_of_each_other_are_balanced(int onAtlas, int onHermes)
    {
        var decision = Rebalancing.Decide(Service(running: [("atlas", onAtlas), ("hermes", onHermes)]), [Atlas, Hermes], NoWriters);

        Assert.False(decision.Unbalanced);
        Assert.Equal("balanced", decision.Reason);
    }

    [Theory]
    [InlineData("down", "active")]
    [InlineData("ready", "drain")]
    [InlineData("ready", "pause")]
    public void A_worker_that_is_down_drained_or_paused_takes_no_tasks(string state, string availability)
    {
        var decision = Rebalancing.Decide(Service(running: ("atlas", 2)), [Atlas, Hermes with { State = state, Availability = availability }], NoWriters);

        Assert.False(decision.Unbalanced);
        Assert.Equal("1 ready node(s) may run it", decision.Reason);
    }

    [Theory]
    [InlineData("node.role == manager")]
    [InlineData("node.hostname==atlas")]
    [InlineData("node.labels.storage == primary")]
    [InlineData("node.hostname != hermes")]
    public void Constraints_that_keep_it_off_the_worker_are_honoured(string constraint)
    {
        var decision = Rebalancing.Decide(Service(constraints: [constraint], running: ("atlas", 2)), [Atlas, Hermes], NoWriters);

        Assert.False(decision.Unbalanced);
        Assert.Equal(["atlas"], decision.Eligible);
    }

    [Fact]
    public void A_constraint_both_nodes_meet_still_allows_spreading()
    {
        var decision = Rebalancing.Decide(Service(constraints: ["node.labels.storage != backup"], running: ("atlas", 3)), [Atlas, Hermes], NoWriters);

        Assert.True(decision.Unbalanced);
    }

    [Theory]
    [InlineData("node.platform.os == linux")]
    [InlineData("engine.labels.zone == a")]
    [InlineData("node.hostname")]
    public void A_constraint_it_cannot_evaluate_leaves_the_service_alone(string constraint)
    {
        var decision = Rebalancing.Decide(Service(constraints: [constraint], running: ("atlas", 2)), [Atlas, Hermes], NoWriters);

        Assert.False(decision.Unbalanced);
        Assert.Equal($"constraint '{constraint}' cannot be evaluated here", decision.Reason);
    }

    [Fact]
    public void A_datasets_writer_is_never_moved()
    {
        var decision = Rebalancing.Decide(Service("vault_server", running: ("atlas", 2)), [Atlas, Hermes], new HashSet<string> { "vault_server" });

        Assert.False(decision.Unbalanced);
        Assert.Equal("the writer of a dataset: it stays where its data is", decision.Reason);
    }

    [Theory]
    [InlineData(ServiceKind.Global)]
    [InlineData(ServiceKind.Job)]
    public void Global_services_and_jobs_are_left_alone(ServiceKind kind)
    {
        Assert.False(Rebalancing.Decide(Service(kind: kind, running: ("atlas", 2)), [Atlas, Hermes], NoWriters).Unbalanced);
    }

    [Fact]
    public void Placement_preferences_are_the_schedulers_to_follow()
    {
        Assert.False(Rebalancing.Decide(Service(preferences: true, running: ("atlas", 2)), [Atlas, Hermes], NoWriters).Unbalanced);
    }

    [Fact]
    public void Placement_is_described_for_every_node_it_may_run_on()
    {
        Assert.Equal("atlas 2, hermes 0", Service(running: ("atlas", 2)).Describe(["hermes", "atlas"]));
    }
}
