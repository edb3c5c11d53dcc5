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
