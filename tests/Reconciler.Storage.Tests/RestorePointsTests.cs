using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

public sealed class RestorePointsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Snapshot S(string name, int minutes, string guid) => new(name, T0.AddMinutes(minutes), guid);

    [Fact]
    public void Points_are_newest_first_with_the_nodes_that_hold_each_matched_by_guid()
    {
        IReadOnlyList<Snapshot> here = [S("a", 0, "g1"), S("b", 15, "g2"), S("pre-restore-x", 20, "g3")];
        IReadOnlyList<Snapshot> replica = [S("old", -15, "g0"), S("a", 0, "g1"), S("b-renamed", 15, "g2")];

        var points = RestorePoints.Of(here, [new ReplicaSnapshots("hermes", "backup/app", replica)]);

        Assert.Equal(
            [("pre-restore-x", true, ""), ("b", true, "hermes"), ("a", true, "hermes"), ("old", false, "hermes")],
            points.Select(p => (p.Name, p.Here, string.Join(',', p.Replicas))));
        Assert.Equal(T0.AddMinutes(-15), points[^1].Created);
    }

    [Fact]
    public void A_replica_that_does_not_exist_holds_nothing()
    {
        var points = RestorePoints.Of([S("a", 0, "g1")], [new ReplicaSnapshots("hermes", "backup/app", null)]);

        Assert.Empty(Assert.Single(points).Replicas);
    }

    [Fact]
    public void Names_carry_the_restores_stamp()
    {
        var stamp = RestoreNames.Stamp(new DateTimeOffset(2026, 11, 26, 11, 15, 0, TimeSpan.FromHours(1)));

        Assert.Equal("20261126T101500Z", stamp);
        Assert.Equal("pre-restore-20261126T101500Z", RestoreNames.PreRestore(stamp));
        Assert.Equal("tank/app.before-restore-20261126T101500Z", RestoreNames.Kept("tank/app", stamp));
        Assert.True(RestoreNames.IsKept("tank/app", "tank/app.before-restore-20261126T101500Z"));
        Assert.False(RestoreNames.IsKept("tank/app", "tank/app2.before-restore-20261126T101500Z"));
        Assert.False(SnapshotName.IsOurs("pre", RestoreNames.PreRestore(stamp)));
        Assert.Equal(("tank", "tank/apps", (string?)null), (DatasetPath.Container("tank/app"), DatasetPath.Container("tank/apps/vw"), DatasetPath.Container("tank")));
    }
}
