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
}
