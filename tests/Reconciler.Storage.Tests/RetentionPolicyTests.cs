using Reconciler.Core.Model;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Tests;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);

    private static Snapshot Ours(TimeSpan ago) => new(SnapshotName.For("reconciler", Now - ago), Now - ago);

    private static RetentionGrid Grid(string text)
    {
        Assert.True(RetentionGrid.TryParse(text, out var grid, out _));
        return grid;
    }

    [Fact]
    public void Every_fifteen_minutes_for_a_day_keeps_four_quarter_hours_and_hourly_ones()
    {
        var snapshots = Enumerable.Range(0, 96).Select(i => Ours(TimeSpan.FromMinutes(15 * i))).ToList();

        var pruned = RetentionPolicy.ToPrune(snapshots, "reconciler", Grid("4x15m, 24x1h"), Now, []);

        var kept = snapshots.Except(pruned).ToList();
        // Quarter-hours 0..3, plus the newest of each of 24 hours (0, 4, 8, ... 92): 0 is in both.
        Assert.Equal(4 + 24 - 1, kept.Count);
        Assert.Contains(snapshots[0], kept);
        Assert.DoesNotContain(snapshots[95], kept);
    }

    [Fact]
    public void The_newest_snapshot_is_always_kept()
    {
        var old = Ours(TimeSpan.FromDays(30));

        Assert.Empty(RetentionPolicy.ToPrune([old], "reconciler", Grid("1x1h"), Now, []));
    }

    [Fact]
    public void Snapshots_taken_by_others_are_never_pruned()
    {
        var manual = new Snapshot("before-upgrade", Now - TimeSpan.FromDays(90));

        var pruned = RetentionPolicy.ToPrune([manual, Ours(TimeSpan.Zero)], "reconciler", Grid("1x15m"), Now, []);

        Assert.Empty(pruned);
    }

    [Fact]
    public void A_replication_base_is_never_pruned()
    {
        var basis = Ours(TimeSpan.FromDays(3));
        var snapshots = new[] { Ours(TimeSpan.Zero), basis };

        Assert.Equal([basis], RetentionPolicy.ToPrune(snapshots, "reconciler", Grid("1x15m"), Now, []));
        Assert.Empty(RetentionPolicy.ToPrune(snapshots, "reconciler", Grid("1x15m"), Now, [basis]));
    }
}
