using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Controller.Recovery;

/// <summary>The changes a restore still has to make, or why it cannot go on (the refusal says what to do).</summary>
public sealed record RestorePlan(IReadOnlyList<RestoreStep> Steps, string? Refusal)
{
    public static RestorePlan Refuse(string why) => new([], why);
}

/// <summary>
/// Decides, from what is on the node now, which steps of a restore remain: the same decision on
/// the first run and on every run after one that was cut off, so running a restore again
/// finishes it. Each step leaves a trace the next run can see (the pre-restore snapshot, the
/// kept timeline's name, a clone's origin, the mark), except a rollback, which the record notes.
/// Pure, so each point a run can stop at is tested.
/// </summary>
public static class RestorePlanner
{
    /// <param name="source">The dataset being restored, as it is now (null: it does not exist).</param>
    /// <param name="kept">The timeline this restore keeps aside (null: not there yet).</param>
    /// <param name="replicaBase">For a restore from a replica: the snapshot there (null: the replica lacks it).</param>
    public static RestorePlan Plan(RestoreRecord restore, TimelineFacts? source, TimelineFacts? kept, Snapshot? replicaBase = null) => restore.Method switch
    {
        RestoreMethod.Rollback => Rollback(restore, source),
        RestoreMethod.Clone => Clone(restore, source, kept),
        _ => FromReplica(restore, source, kept, replicaBase),
    };

    private static RestorePlan Rollback(RestoreRecord restore, TimelineFacts? source)
    {
        if (source?.Find(restore.Snapshot) is null)
        {
            return RestorePlan.Refuse(source is null
                ? $"{restore.Dataset} does not exist on {restore.Node}"
                : $"{restore.Dataset} has no snapshot @{restore.Snapshot} any more (`reconciler snapshots {restore.Dataset}` lists them)");
        }

        return new([.. restore.RolledBack ? [] : new[] { RestoreStep.Rollback }, .. Mark(restore, source)], null);
    }

    private static RestorePlan Clone(RestoreRecord restore, TimelineFacts? source, TimelineFacts? kept)
    {
        if (kept is null)
        {
            if (source is null)
            {
                return RestorePlan.Refuse($"neither {restore.Dataset} nor {restore.Kept} exists on {restore.Node}: there is nothing to restore from");
            }

            if (source.Find(restore.Snapshot) is null)
            {
                return RestorePlan.Refuse($"{restore.Dataset} has no snapshot @{restore.Snapshot} (`reconciler snapshots {restore.Dataset}` lists them; "
                    + "one only on a replica is restored with --from-replica)");
            }

            return new([.. PreRestore(restore, source), RestoreStep.SetAside, RestoreStep.Detach, RestoreStep.Clone, RestoreStep.Promote, RestoreStep.Mark], null);
        }

        var detach = kept.Detached ? [] : new[] { RestoreStep.Detach };
        if (source is null)
        {
            return kept.Find(restore.Snapshot) is null
                ? RestorePlan.Refuse($"{restore.Kept} has no snapshot @{restore.Snapshot} any more; the restore cannot be finished (its timeline is untouched in {restore.Kept})")
                : new([.. detach, RestoreStep.Clone, RestoreStep.Promote, RestoreStep.Mark], null);
        }

        if (source.Origin == TimelineSwap.Origin(restore.Kept, restore.Snapshot))
        {
            return new([.. detach, RestoreStep.Promote, RestoreStep.Mark], null);
        }

        return kept.Origin == TimelineSwap.Origin(restore.Dataset, restore.Snapshot)
            ? new([.. detach, .. Mark(restore, source)], null)
            : Unexpected(restore, source);
    }

    private static RestorePlan FromReplica(RestoreRecord restore, TimelineFacts? source, TimelineFacts? kept, Snapshot? replicaBase)
    {
        if (replicaBase is null)
        {
            return RestorePlan.Refuse($"the replica {restore.Replica?.Dataset} on {restore.Replica?.Node} has no snapshot @{restore.Snapshot}");
        }

        // The dataset holds the replica's snapshot (same GUID) only once it was received: until
        // then it is the original (kept not there yet) or absent.
        var received = source?.Find(restore.Snapshot) is { } here && here.SameAs(replicaBase) && (kept is not null || !restore.SourceExisted);
        var steps = new List<RestoreStep>();
        if (kept is null && restore.SourceExisted)
        {
            if (source is null)
            {
                return RestorePlan.Refuse($"neither {restore.Dataset} nor {restore.Kept} exists on {restore.Node} any more, though {restore.Dataset} did when the restore began");
            }

            steps.AddRange([.. PreRestore(restore, source), RestoreStep.SetAside, RestoreStep.Detach]);
        }
        else if (kept is { Detached: false })
        {
            steps.Add(RestoreStep.Detach);
        }

        if (source is null || steps.Contains(RestoreStep.SetAside))
        {
            return new([.. steps, RestoreStep.Receive, RestoreStep.CarryProperties, RestoreStep.Mark], null);
        }

        return received ? new([.. steps, RestoreStep.CarryProperties, .. Mark(restore, source)], null) : Unexpected(restore, source);
    }

    private static RestoreStep[] PreRestore(RestoreRecord restore, TimelineFacts source) =>
        source.Find(restore.PreRestore) is null ? [RestoreStep.SnapshotCurrent] : [];

    private static RestoreStep[] Mark(RestoreRecord restore, TimelineFacts source) =>
        source.Find(restore.Snapshot)?.RestoreMark == restore.Stamp ? [] : [RestoreStep.Mark];

    private static RestorePlan Unexpected(RestoreRecord restore, TimelineFacts source) => RestorePlan.Refuse(
        $"{restore.Dataset} exists but is not what this restore made (origin {source.Origin ?? "none"}): something created it while the restore was cut off; "
        + $"look at it, rename it aside (zfs rename {restore.Dataset} {restore.Dataset}.unexpected) and run the restore again");
}
