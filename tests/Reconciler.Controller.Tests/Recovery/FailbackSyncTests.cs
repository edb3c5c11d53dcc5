using Reconciler.Controller.Recovery;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>How a returning manager's dataset catches up with the survivor's copy, step by step.</summary>
public sealed class FailbackSyncTests
{
    private const string Marker = "e1";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly Snapshot S1 = Snap("s1", 0, "g1");
    private static readonly Snapshot S2 = Snap("s2", 15, "g2");
    private static readonly Snapshot StaleOnAtlas = Snap("s3", 30, "g3-atlas");
    private static readonly Snapshot Failover = Snap("failover-e1", 31, "g4");
    private static readonly Snapshot OnHermes = Snap("s5", 45, "g5");

    private static readonly IReadOnlyList<Snapshot> Replica = [S1, S2, Failover, OnHermes];

    [Fact]
    public void The_returning_nodes_own_dataset_is_first_kept_aside()
    {
        var step = FailbackSync.Decide(new DatasetSide(true, null, [S1, S2, StaleOnAtlas]), DatasetSide.Absent, Replica, Marker);

        Assert.IsType<FailbackStep.KeepDiverged>(step);
    }

    [Fact]
    public void Kept_aside_it_starts_again_from_the_last_snapshot_in_common_not_from_its_own_newer_one()
    {
        var step = FailbackSync.Decide(DatasetSide.Absent, new DatasetSide(true, null, [S1, S2, StaleOnAtlas]), Replica, Marker);

        Assert.Equal(S2, Assert.IsType<FailbackStep.StartFrom>(step).Common);
    }

    [Fact]
    public void With_nothing_in_common_or_no_dataset_at_all_the_newest_is_received_in_full()
    {
        Assert.Equal(OnHermes, Assert.IsType<FailbackStep.Full>(FailbackSync.Decide(DatasetSide.Absent, DatasetSide.Absent, Replica, Marker)).To);
        var unrelated = new DatasetSide(true, null, [Snap("x", 1, "gx")]);
        Assert.Equal(OnHermes, Assert.IsType<FailbackStep.Full>(FailbackSync.Decide(DatasetSide.Absent, unrelated, Replica, Marker)).To);
    }

    [Fact]
    public void The_dataset_this_failback_made_catches_up_incrementally_then_is_up_to_date()
    {
        var started = new DatasetSide(true, Marker, [S1, S2]);
        var incremental = Assert.IsType<FailbackStep.Incremental>(FailbackSync.Decide(started, new DatasetSide(true, null, [StaleOnAtlas]), Replica, Marker));
        Assert.Equal((S2, OnHermes), (incremental.From, incremental.To));

        var caughtUp = new DatasetSide(true, Marker, [S1, S2, Failover, OnHermes]);
        Assert.Equal(OnHermes, Assert.IsType<FailbackStep.UpToDate>(FailbackSync.Decide(caughtUp, DatasetSide.Absent, Replica, Marker)).At);
    }

    [Fact]
    public void A_dataset_of_another_failback_or_a_person_next_to_a_kept_one_is_refused_not_renamed()
    {
        var step = FailbackSync.Decide(new DatasetSide(true, "e0", [S1]), new DatasetSide(true, null, [S1]), Replica, Marker);

        Assert.Contains("rename or remove one by hand", Assert.IsType<FailbackStep.Refuse>(step).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_taken_here_during_the_failback_is_refused_rather_than_overwritten()
    {
        var step = FailbackSync.Decide(new DatasetSide(true, Marker, [S1, S2, Snap("local", 50, "g-local")]), DatasetSide.Absent, Replica, Marker);

        Assert.Contains("local is not on the survivor's copy", Assert.IsType<FailbackStep.Refuse>(step).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clone_left_unpromoted_by_a_cut_off_failback_is_promoted_and_one_without_an_origin_is_refused()
    {
        var kept = new DatasetSide(true, null, [S1, S2, StaleOnAtlas]);

        Assert.IsType<FailbackStep.Promote>(FailbackSync.Decide(new DatasetSide(true, Marker, [], "tank/app.diverged-x@s2"), kept, Replica, Marker));
        Assert.IsType<FailbackStep.Refuse>(FailbackSync.Decide(new DatasetSide(true, Marker, []), kept, Replica, Marker));
    }

    [Fact]
    public void A_survivor_copy_without_snapshots_is_refused()
    {
        var step = FailbackSync.Decide(DatasetSide.Absent, DatasetSide.Absent, [], Marker);

        Assert.Equal("the survivor's copy has no snapshot to send back", Assert.IsType<FailbackStep.Refuse>(step).Reason);
    }

    [Fact]
    public void The_kept_timeline_is_named_by_when_it_diverged()
    {
        Assert.Equal("tank/app.diverged-20261202T080000Z", FailbackSync.DivergedName("tank/app", T0));
        Assert.Equal("e12", FailbackSync.Marker(12));
    }

    private static Snapshot Snap(string name, int minutes, string guid) => new(name, T0.AddMinutes(minutes), guid);
}
