using Reconciler.Storage.Replication;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Tests;

public sealed class ReplicationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Snapshot S(int quarter) => new($"reconciler_{quarter}", T0.AddMinutes(15 * quarter), $"guid-{quarter}");

    [Fact]
    public void A_missing_target_gets_a_full_send_of_the_newest_snapshot() =>
        Assert.Equal(new ReplicationStep.Full(S(2)), ReplicationPlanner.Decide([S(1), S(2)], null));

    [Fact]
    public void A_target_behind_gets_an_incremental_from_the_newest_common_snapshot() =>
        Assert.Equal(new ReplicationStep.Incremental(S(2), S(4)), ReplicationPlanner.Decide([S(1), S(2), S(3), S(4)], [S(1), S(2)]));

    [Fact]
    public void A_target_with_the_newest_snapshot_is_up_to_date() =>
        Assert.Equal(new ReplicationStep.UpToDate(S(3)), ReplicationPlanner.Decide([S(2), S(3)], [S(1), S(2), S(3)]));

    [Fact]
    public void A_target_with_a_snapshot_newer_than_the_base_has_diverged()
    {
        var foreign = new Snapshot("manual", T0.AddHours(5), "guid-x");

        var step = Assert.IsType<ReplicationStep.Diverged>(ReplicationPlanner.Decide([S(1), S(2), S(3)], [S(1), foreign]));

        Assert.Contains("newer than the last common snapshot reconciler_1", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_with_nothing_in_common_has_diverged() =>
        Assert.IsType<ReplicationStep.Diverged>(ReplicationPlanner.Decide([S(3)], [S(1)]));

    [Fact]
    public void Snapshots_match_by_guid_so_a_renamed_one_still_counts()
    {
        var renamed = S(2) with { Name = "renamed" };

        Assert.Equal(new ReplicationStep.Incremental(S(2), S(3)), ReplicationPlanner.Decide([S(1), S(2), S(3)], [S(1), renamed]));
    }

    [Fact]
    public void Lag_is_the_age_of_the_newest_snapshot_on_the_target()
    {
        Assert.Equal(TimeSpan.FromMinutes(20), ReplicationPlanner.Lag([S(1), S(2)], S(2).Created.AddMinutes(20)));
        Assert.Null(ReplicationPlanner.Lag(null, T0));
    }

    [Fact]
    public void After_a_restore_at_the_common_snapshot_the_targets_newer_history_is_kept_aside_and_replication_goes_on()
    {
        var restored = S(2) with { RestoreMark = "20261124T124500Z" };

        Assert.Equal(new ReplicationStep.Rebase(restored, "20261124T124500Z", S(5)), ReplicationPlanner.Decide([S(1), restored, S(5)], [S(1), S(2), S(3), S(4)]));
    }

    [Fact]
    public void After_a_restore_to_a_snapshot_the_target_never_had_it_goes_on_from_the_newest_common_one()
    {
        // Restored from a replica to a snapshot the target had pruned: only the marked one is on the source.
        var restored = S(3) with { RestoreMark = "20261124T130000Z" };

        Assert.Equal(new ReplicationStep.Rebase(S(1), "20261124T130000Z", S(4)), ReplicationPlanner.Decide([S(1), restored, S(4)], [S(1), S(5)]));
    }

    [Fact]
    public void A_target_that_diverged_after_the_restore_was_replicated_past_is_still_diverged()
    {
        var restored = S(1) with { RestoreMark = "20261124T121500Z" };
        var foreign = new Snapshot("manual", T0.AddHours(5), "guid-x");

        Assert.IsType<ReplicationStep.Diverged>(ReplicationPlanner.Decide([restored, S(2), S(3)], [restored, S(2), foreign]));
    }

    [Fact]
    public void A_rebase_cut_off_after_the_target_was_renamed_or_cloned_is_finished_and_without_a_kept_timeline_a_missing_target_is_sent_whole()
    {
        var restored = S(2) with { RestoreMark = "20261124T124500Z" };
        IReadOnlyList<Snapshot> kept = [S(1), S(2), S(3)];

        Assert.Equal(new ReplicationStep.Rebase(restored, "20261124T124500Z", S(4)), ReplicationPlanner.Decide([S(1), restored, S(4)], null, null, kept));
        Assert.Equal(new ReplicationStep.Rebase(restored, "20261124T124500Z", S(4)), ReplicationPlanner.Decide([S(1), restored, S(4)], [], null, kept));
        Assert.Equal(new ReplicationStep.Full(S(4)), ReplicationPlanner.Decide([S(1), restored, S(4)], null));
    }
}
