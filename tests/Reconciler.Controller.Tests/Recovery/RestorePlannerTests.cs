using Reconciler.Controller.Recovery;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>
/// Which steps of a restore remain, at every point a run can be cut off: a second run must finish
/// exactly what the first left, and refuse (saying what to do) where it cannot tell what it made.
/// </summary>
public sealed class RestorePlannerTests
{
    private const string Dataset = "tank/app";
    private const string Base = "reconciler_20261126T100000Z";
    private const string Stamp = "20261126T103000Z";
    private const string Kept = $"{Dataset}.before-restore-{Stamp}";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static readonly Snapshot Earlier = new("reconciler_20261126T094500Z", T0.AddMinutes(-15), "g0");
    private static readonly Snapshot Restored = new(Base, T0, "g1");
    private static readonly Snapshot Later = new("reconciler_20261126T101500Z", T0.AddMinutes(15), "g2");
    private static readonly Snapshot PreRestore = new($"pre-restore-{Stamp}", T0.AddMinutes(30), "g3");

    private static RestoreRecord Restore(RestoreMethod method = RestoreMethod.Clone, bool sourceExisted = true) => new(
        Dataset, "atlas", Base, method, Stamp, T0.AddMinutes(30), new Dictionary<string, string>(), [], sourceExisted,
        method == RestoreMethod.FromReplica ? new ReplicaSource("hermes", "backup/app") : null);

    private static TimelineFacts Mounted(params Snapshot[] snapshots) => new(null, "/srv/app", true, false, true, snapshots);

    private static TimelineFacts Aside(string? origin, params Snapshot[] snapshots) => new(origin, "none", false, true, false, snapshots);

    private static void Steps(RestorePlan plan, params RestoreStep[] expected)
    {
        Assert.Null(plan.Refusal);
        Assert.Equal(expected, plan.Steps);
    }

    [Fact]
    public void A_clone_restore_keeps_the_current_state_sets_the_timeline_aside_and_swaps_the_snapshot_in() =>
        Steps(RestorePlanner.Plan(Restore(), Mounted(Earlier, Restored, Later), null),
            RestoreStep.SnapshotCurrent, RestoreStep.SetAside, RestoreStep.Detach, RestoreStep.Clone, RestoreStep.Promote, RestoreStep.Mark);

    [Fact]
    public void Cut_off_after_the_pre_restore_snapshot_it_does_not_take_another() =>
        Steps(RestorePlanner.Plan(Restore(), Mounted(Earlier, Restored, Later, PreRestore), null),
            RestoreStep.SetAside, RestoreStep.Detach, RestoreStep.Clone, RestoreStep.Promote, RestoreStep.Mark);

    [Fact]
    public void Cut_off_after_the_rename_it_detaches_and_clones() =>
        Steps(RestorePlanner.Plan(Restore(), null, Mounted(Earlier, Restored, Later, PreRestore)),
            RestoreStep.Detach, RestoreStep.Clone, RestoreStep.Promote, RestoreStep.Mark);

    [Fact]
    public void Cut_off_after_the_clone_it_promotes() =>
        Steps(RestorePlanner.Plan(Restore(), Mounted() with { Origin = $"{Kept}@{Base}" }, Aside(null, Earlier, Restored, Later, PreRestore)),
            RestoreStep.Promote, RestoreStep.Mark);

    [Fact]
    public void Cut_off_after_the_promotion_it_marks_and_then_there_is_nothing_left()
    {
        var kept = Aside($"{Dataset}@{Base}", Later, PreRestore);

        Steps(RestorePlanner.Plan(Restore(), Mounted(Earlier, Restored), kept), RestoreStep.Mark);
        Steps(RestorePlanner.Plan(Restore(), Mounted(Earlier, Restored with { RestoreMark = Stamp }), kept));
    }

    [Fact]
    public void A_snapshot_that_is_not_there_is_refused_with_where_to_look()
    {
        var plan = RestorePlanner.Plan(Restore(), Mounted(Earlier, Later), null);

        Assert.Empty(plan.Steps);
        Assert.Equal($"{Dataset} has no snapshot @{Base} (`reconciler snapshots {Dataset}` lists them; one only on a replica is restored with --from-replica)", plan.Refusal);
    }

    [Fact]
    public void A_dataset_someone_created_while_the_restore_was_cut_off_is_not_taken_for_the_restored_one()
    {
        var plan = RestorePlanner.Plan(Restore(), Mounted(), Mounted(Earlier, Restored, Later));

        Assert.StartsWith($"{Dataset} exists but is not what this restore made (origin none): ", plan.Refusal, StringComparison.Ordinal);
        Assert.Contains($"zfs rename {Dataset} {Dataset}.unexpected", plan.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void With_neither_the_dataset_nor_its_kept_timeline_there_is_nothing_to_restore_from() =>
        Assert.Equal($"neither {Dataset} nor {Kept} exists on atlas: there is nothing to restore from", RestorePlanner.Plan(Restore(), null, null).Refusal);

    [Fact]
    public void A_rollback_runs_once_and_is_never_repeated_after_it_is_recorded()
    {
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.Rollback), Mounted(Earlier, Restored, Later), null), RestoreStep.Rollback, RestoreStep.Mark);
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.Rollback) with { RolledBack = true }, Mounted(Earlier, Restored), null), RestoreStep.Mark);
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.Rollback) with { RolledBack = true }, Mounted(Earlier, Restored with { RestoreMark = Stamp }), null));
    }

    [Fact]
    public void From_a_replica_the_original_is_kept_aside_even_while_it_still_holds_the_same_snapshot() =>
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), Mounted(Earlier, Restored, Later), null, Restored),
            RestoreStep.SnapshotCurrent, RestoreStep.SetAside, RestoreStep.Detach, RestoreStep.Receive, RestoreStep.CarryProperties, RestoreStep.Mark);

    [Fact]
    public void From_a_replica_cut_off_after_the_rename_or_the_receive_it_goes_on_from_there()
    {
        var kept = Aside(null, Earlier, Later, PreRestore);

        Steps(RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), null, kept, Restored), RestoreStep.Receive, RestoreStep.CarryProperties, RestoreStep.Mark);
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), Aside(null, Restored), kept, Restored), RestoreStep.CarryProperties, RestoreStep.Mark);
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), Mounted(Restored with { RestoreMark = Stamp }), kept, Restored), RestoreStep.CarryProperties);
    }

    [Fact]
    public void From_a_replica_a_dataset_that_is_gone_is_received_whole() =>
        Steps(RestorePlanner.Plan(Restore(RestoreMethod.FromReplica, sourceExisted: false), null, null, Restored),
            RestoreStep.Receive, RestoreStep.CarryProperties, RestoreStep.Mark);

    [Fact]
    public void From_a_replica_without_the_snapshot_nothing_is_done() =>
        Assert.Equal($"the replica backup/app on hermes has no snapshot @{Base}", RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), Mounted(Restored), null, null).Refusal);

    [Fact]
    public void From_a_replica_a_dataset_with_other_data_under_the_name_is_refused() =>
        Assert.StartsWith($"{Dataset} exists but is not what this restore made",
            RestorePlanner.Plan(Restore(RestoreMethod.FromReplica), Mounted(Restored with { Guid = "other" }), Aside(null, Later), Restored).Refusal, StringComparison.Ordinal);
}
