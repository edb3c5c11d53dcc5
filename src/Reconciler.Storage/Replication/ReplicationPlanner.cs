using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Replication;

/// <summary>
/// Chooses a replication step from the snapshots on both sides; pure, so every case is tested
/// fast. A target with snapshots newer than the last common one has diverged and is left alone,
/// unless the source was restored at or after that snapshot (a snapshot of it carries the
/// restore's mark): then the target's newer history is the replaced timeline, kept aside.
/// </summary>
public static class ReplicationPlanner
{
    /// <param name="source">The source dataset's snapshots, any order.</param>
    /// <param name="target">The target dataset's snapshots, or null when the target dataset does not exist.</param>
    /// <param name="resumeToken">The target's receive_resume_token, where the zfs keeps them and a receive was interrupted.</param>
    /// <param name="kept">
    /// After a restore of the source: the snapshots of the target's timeline kept aside for it
    /// (&lt;target&gt;.before-restore-&lt;stamp&gt;), or null when there is none (yet).
    /// </param>
    public static ReplicationStep Decide(IReadOnlyList<Snapshot> source, IReadOnlyList<Snapshot>? target, string? resumeToken = null, IReadOnlyList<Snapshot>? kept = null)
    {
        if (resumeToken is { Length: > 1 })
        {
            return new ReplicationStep.Resume(resumeToken);
        }

        var sourceOrdered = Snapshot.Chronological(source);
        if (sourceOrdered.Count == 0)
        {
            return new ReplicationStep.NothingToSend();
        }

        var newest = sourceOrdered[^1];
        var restored = sourceOrdered.LastOrDefault(s => s.RestoreMark is not null);
        if (target is null or [] && restored is not null && kept is not null && sourceOrdered.LastOrDefault(s => kept.Any(k => k.SameAs(s))) is { } keptBase)
        {
            // A rebase cut off after the target was renamed aside (and maybe cloned): finish it.
            return new ReplicationStep.Rebase(keptBase, restored.RestoreMark!, newest);
        }

        if (target is null)
        {
            return new ReplicationStep.Full(newest);
        }

        var targetOrdered = Snapshot.Chronological(target);
        var common = sourceOrdered.LastOrDefault(s => targetOrdered.Any(t => t.SameAs(s)));
        if (common is null)
        {
            return new ReplicationStep.Diverged(
                targetOrdered.Count == 0
                    ? "the target dataset exists but has no snapshot in common with the source"
                    : $"the target's snapshots ({targetOrdered[^1].Name} newest) share none with the source",
                null,
                newest);
        }

        var targetNewest = targetOrdered[^1];
        if (!targetNewest.SameAs(common) && restored is not null && sourceOrdered.SkipWhile(s => s != common).Contains(restored))
        {
            return new ReplicationStep.Rebase(common, restored.RestoreMark!, newest);
        }

        if (!targetNewest.SameAs(common))
        {
            return new ReplicationStep.Diverged(
                $"the target has {targetNewest.Name}, newer than the last common snapshot {common.Name}", common, newest);
        }

        return common.SameAs(newest) ? new ReplicationStep.UpToDate(newest) : new ReplicationStep.Incremental(common, newest);
    }

    /// <summary>The bounded data-loss window: how old the newest snapshot on the target is.</summary>
    public static TimeSpan? Lag(IReadOnlyList<Snapshot>? target, DateTimeOffset now) =>
        target is { Count: > 0 } ? now - target.Max(s => s.Created) : null;
}
