using Reconciler.Core.Model;

namespace Reconciler.Storage.Snapshots;

/// <summary>
/// Which of our snapshots a retention grid keeps. For each bucket COUNTxPERIOD, time is cut into
/// intervals of PERIOD aligned to the Unix epoch (whole quarter-hours, hours, UTC days); the
/// newest snapshot in each of the COUNT latest intervals, the current one included, is kept.
/// Aligned intervals make the choice stable from cycle to cycle: a snapshot kept as the newest
/// of its hour stays kept, where intervals measured back from "now" would slide and drop it.
/// The newest snapshot overall, every protected one (a replication's incremental base) and every
/// restore's base (the origin of the timeline it kept) are always kept; snapshots someone else
/// took (a restore's pre-restore-&lt;time&gt; among them) are never considered.
/// </summary>
public static class RetentionPolicy
{
    public static IReadOnlyList<Snapshot> ToPrune(
        IEnumerable<Snapshot> snapshots, string prefix, RetentionGrid grid, DateTimeOffset now, IEnumerable<Snapshot> protectedSnapshots)
    {
        var ours = snapshots.Where(s => SnapshotName.IsOurs(prefix, s.Name)).OrderByDescending(s => s.Created).ToList();
        if (ours.Count == 0)
        {
            return [];
        }

        var keep = new HashSet<Snapshot> { ours[0] };
        foreach (var bucket in grid.Buckets)
        {
            var current = now.ToUnixTimeSeconds() / (long)bucket.Period.TotalSeconds;
            for (var i = 0; i < bucket.Count; i++)
            {
                var start = DateTimeOffset.FromUnixTimeSeconds((current - i) * (long)bucket.Period.TotalSeconds);
                var end = start + bucket.Period;
                if (ours.FirstOrDefault(s => s.Created >= start && s.Created < end) is { } newest)
                {
                    keep.Add(newest);
                }
            }
        }

        var guarded = protectedSnapshots.ToList();
        return ours.Where(s => !keep.Contains(s) && s.RestoreMark is null && !guarded.Any(g => g.SameAs(s))).OrderBy(s => s.Created).ToList();
    }
}
