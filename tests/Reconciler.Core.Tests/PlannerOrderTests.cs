using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Planning;
using Reconciler.Core.Resources;

namespace Reconciler.Core.Tests;

/// <summary>The planner orders by the kinds providers declare, and names none itself.</summary>
public sealed class PlannerOrderTests
{
    private static readonly ResourceOwner App = ResourceOwner.OfStack("app", prune: true);

    private static Change Create(string kind, string name) =>
        new(ChangeAction.Create, new ResourceKey(kind, name), new Resource(new ResourceKey(kind, name), [], App), null, []);

    private static Change Delete(string kind, string name) =>
        new(ChangeAction.Delete, new ResourceKey(kind, name), null, new Resource(new ResourceKey(kind, name), [], App), []);

    private static Change Following(Change change, params ResourceKey[] after) => change with { Desired = change.Desired! with { After = after } };

    private static List<string> Keys(Plan plan) => plan.Steps.Select(s => $"{s.Action.ToString().ToLowerInvariant()} {s.Key}").ToList();

    [Fact]
    public void Creates_follow_the_providers_declared_kinds_and_deletes_run_in_reverse()
    {
        // A provider this repository does not have, with kinds the core has never heard of, placed between two others.
        string[] storage = ["path", "dataset"];
        string[] replicas = ["replica-promotion", "dataset-restore"];
        string[] swarm = ["network", "service"];

        var plan = Planner.Create(
            [Create("service", "web"), Create("dataset-restore", "tank/db"), Create("path", "/srv/a"), Create("replica-promotion", "backup/db"),
             Delete("network", "old"), Delete("dataset-restore", "tank/old"), Delete("service", "gone")],
            [.. storage, .. replicas, .. swarm]);

        Assert.Equal(
            ["create path /srv/a", "create replica-promotion backup/db", "create dataset-restore tank/db", "create service web",
             "delete service gone", "delete network old", "delete dataset-restore tank/old"],
            Keys(plan));
    }

    [Fact]
    public void The_same_changes_in_another_provider_order_plan_in_that_order()
    {
        Change[] changes = [Create("service", "web"), Create("path", "/srv/a")];

        Assert.Equal(["create path /srv/a", "create service web"], Keys(Planner.Create(changes, ["path", "service"])));
        Assert.Equal(["create service web", "create path /srv/a"], Keys(Planner.Create(changes, ["service", "path"])));
    }

    [Fact]
    public void A_step_moves_after_what_its_resource_must_follow_and_the_rest_keep_the_kind_order()
    {
        // A directory inside a dataset's mountpoint: its kind comes first, but the dataset must be mounted before it is made.
        var inner = Following(Create("path", "/srv/d/data"), new ResourceKey("dataset", "tank/d"));

        var plan = Planner.Create(
            [Create("service", "web"), Create("dataset", "tank/d"), inner, Create("path", "/srv/a"), Create("path", "/srv/z")],
            ["path", "dataset", "service"]);

        Assert.Equal(["create path /srv/a", "create path /srv/z", "create dataset tank/d", "create path /srv/d/data", "create service web"], Keys(plan));
    }

    [Fact]
    public void What_a_step_must_follow_that_is_not_in_the_plan_is_there_already_and_does_not_move_it()
    {
        var inner = Following(Create("path", "/srv/d/data"), new ResourceKey("dataset", "tank/d"));

        Assert.Equal(["create path /srv/d/data", "create service web"], Keys(Planner.Create([Create("service", "web"), inner], ["path", "dataset", "service"])));
    }

    [Fact]
    public void Steps_that_must_follow_each_other_in_a_cycle_are_refused_rather_than_applied_in_some_order()
    {
        var error = Assert.Throws<ArgumentException>(() => Planner.Create(
            [Following(Create("path", "/srv/a"), new ResourceKey("dataset", "tank/a")), Following(Create("dataset", "tank/a"), new ResourceKey("path", "/srv/a"))],
            ["path", "dataset"]));

        Assert.Contains("path /srv/a, dataset tank/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_of_a_kind_no_provider_declares_is_refused_rather_than_silently_never_applied()
    {
        var error = Assert.Throws<ArgumentException>(() => Planner.Create([Create("volume", "data")], ["path", "service"]));

        Assert.Contains("volume data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Orphans_and_unchanged_resources_need_no_declared_order()
    {
        var kept = new Resource(new ResourceKey("network", "n"), new JsonObject(), App);
        var orphan = new Change(ChangeAction.Orphan, new ResourceKey("service", "legacy"), null, kept, []);
        var same = new Change(ChangeAction.Unchanged, kept.Key, kept, kept, []);

        var plan = Planner.Create([orphan, same], ["network", "service"]);

        Assert.False(plan.HasChanges);
        Assert.Equal("service legacy", Assert.Single(plan.Orphans).Key.ToString());
        Assert.Equal(1, plan.Unchanged);
    }
}
