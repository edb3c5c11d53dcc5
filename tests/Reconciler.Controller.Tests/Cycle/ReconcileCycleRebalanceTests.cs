using Reconciler.Controller.Loop;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.State;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>The cycle looks at the nodes each time, and rebalances the stacks that say rebalance: true once, when a node came back.</summary>
public sealed partial class ReconcileCycleTests
{
    [Fact]
    public async Task A_node_that_came_back_gets_the_stacks_that_opted_in_rebalanced_once()
    {
        source.Push("c1", Repositories.With(["web", "api"], rebalance: ["web"]));
        cluster.Differs.UnionWith(["web", "api"]);
        Assert.Equal(CycleOutcome.Applied, (await RunAsync()).Outcome);
        cluster.Schedulable.Remove("hermes");
        var lost = await RunAsync();
        cluster.Schedulable.Add("hermes");

        var back = await RunAsync();
        var after = await RunAsync();

        Assert.Null(lost.Rebalanced);
        Assert.Equal([["web"]], cluster.Rebalances);
        Assert.Equal(("web_app", "atlas 2, hermes 0", "atlas 1, hermes 1"), back.Rebalanced!.Select(r => (r.Service, r.Before, r.After)).Single());
        var notification = Assert.Single(back.Notifications);
        Assert.Equal((NotificationEvent.Rebalanced, "Rebalanced 1 service(s): hermes came back", "web_app: atlas 2, hermes 0 -> atlas 1, hermes 1"),
            (notification.Event, notification.Title, notification.Message));
        Assert.Contains("rebalancing: hermes came back", phases);
        Assert.Null(after.Rebalanced); // the same nodes as before: nothing to do, whatever the tasks
        Assert.Equal(4, cluster.NodeLooks);
    }

    [Fact]
    public async Task The_first_cycle_after_a_start_is_not_a_return()
    {
        source.Push("c1", Repositories.With(["web"], rebalance: ["web"]));

        var first = await RunAsync();

        Assert.Null(first.Rebalanced);
        Assert.Empty(cluster.Rebalances);
        Assert.Equal(1, cluster.NodeLooks);
    }

    [Fact]
    public async Task Without_a_stack_that_opts_in_a_node_is_only_reported_down_and_back()
    {
        await ConvergedAsync();
        cluster.Schedulable.Remove("hermes");
        var lost = await RunAsync();
        cluster.Schedulable.Add("hermes");

        var back = await RunAsync();

        Assert.Equal([("atlas", "ready"), ("hermes", "down")], lost.Nodes!.Select(n => (n.Hostname, n.State)));
        Assert.All(back.Nodes!, n => Assert.True(n.Schedulable));
        Assert.Equal(3, cluster.NodeLooks); // one list per cycle
        Assert.Empty(cluster.Rebalances);
        Assert.Empty(back.Notifications);
    }

    [Fact]
    public async Task A_rebalance_that_does_not_converge_is_named_in_the_notification()
    {
        source.Push("c1", Repositories.With(["web"], rebalance: ["web"]));
        await RunAsync();
        cluster.Schedulable.Remove("hermes");
        await RunAsync();
        cluster.Schedulable.Add("hermes");
        cluster.Broken.Add("web");

        var back = await RunAsync();

        Assert.False(back.Rebalanced!.Single().Converged);
        Assert.EndsWith("(2/2 tasks running)", Assert.Single(back.Notifications).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_suspended_nothing_is_rebalanced()
    {
        source.Push("c1", Repositories.With(["web"], rebalance: ["web"]));
        await RunAsync();
        new Suspension(stateDir).Suspend();
        cluster.Schedulable.Remove("hermes");
        await RunAsync();
        cluster.Schedulable.Add("hermes");

        var back = await RunAsync();

        Assert.Null(back.Rebalanced);
        Assert.Empty(cluster.Rebalances);
        Assert.Equal("hermes", back.Nodes!.Single(n => n.Schedulable && n.Role == Core.Model.NodeRole.Worker).Hostname); // it only looks
    }
}
