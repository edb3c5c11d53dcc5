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
        // Now is 14:30. Quarter-hours 14:30, 14:15, 14:00, 13:45, plus the newest of each of 24 clock
        // hours (14:30, 13:45, 12:45, ... back to yesterday's 15:45): two of them are in both.
        Assert.Equal(4 + 24 - 2, kept.Count);
        Assert.Contains(snapshots[0], kept);
        Assert.DoesNotContain(snapshots[95], kept);
    }

    [Fact]
    public void Buckets_are_whole_hours_so_what_one_cycle_keeps_the_next_keeps_too()
    {
        // Cycles every 15 minutes for six hours, each pruning by "3x1h": the newest snapshot of
        // each of the last three clock hours survives (intervals sliding with "now" would keep
        // dropping the hourly ones).
        var kept = new List<Snapshot>();
        var start = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        for (var minutes = 0; minutes <= 6 * 60; minutes += 15)
        {
            var now = start.AddMinutes(minutes);
            kept.Add(new Snapshot(SnapshotName.For("reconciler", now), now));
            var pruned = RetentionPolicy.ToPrune(kept, "reconciler", Grid("3x1h"), now, []);
            kept = kept.Except(pruned).ToList();
        }

        Assert.Equal(["reconciler_20261124T124500Z", "reconciler_20261124T134500Z", "reconciler_20261124T140000Z"], kept.Select(s => s.Name).Order());
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

    [Fact]
    public void A_restores_base_and_its_pre_restore_snapshot_are_never_pruned()
    {
        var restoreBase = Ours(TimeSpan.FromDays(3)) with { RestoreMark = "20261121T143000Z" };
        var snapshots = new List<Snapshot>
        {
            Ours(TimeSpan.FromDays(4)),
            restoreBase,
            new("pre-restore-20261121T143000Z", Now - TimeSpan.FromDays(3)),
            Ours(TimeSpan.Zero),
        };

        var pruned = RetentionPolicy.ToPrune(snapshots, "reconciler", Grid("4x15m"), Now, []);

        Assert.Equal([snapshots[0]], pruned);
    }
}
