using Reconciler.Core.Model;

namespace Reconciler.Storage.Snapshots;

/// <summary>
/// Which of our snapshots a retention grid keeps. For each bucket COUNTxPERIOD, time before
/// now is cut into COUNT intervals of PERIOD and the newest snapshot in each is kept. The
/// newest snapshot overall and every protected one (a replication's incremental base) are
/// always kept; snapshots someone else took are never considered.
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
            for (var i = 0; i < bucket.Count; i++)
            {
                var end = now - (bucket.Period * i);
                var start = end - bucket.Period;
                if (ours.FirstOrDefault(s => s.Created > start && s.Created <= end) is { } newest)
                {
                    keep.Add(newest);
                }
            }
        }

        var guarded = protectedSnapshots.ToList();
        return ours.Where(s => !keep.Contains(s) && !guarded.Any(g => g.SameAs(s))).OrderBy(s => s.Created).ToList();
    }
}
