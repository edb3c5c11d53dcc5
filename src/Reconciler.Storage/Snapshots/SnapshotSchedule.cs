namespace Reconciler.Storage.Snapshots;

/// <summary>When a dataset needs its next snapshot.</summary>
public static class SnapshotSchedule
{
    /// <summary>Due when we have never taken one, or the newest of ours is at least one interval old.</summary>
    public static bool IsDue(IEnumerable<Snapshot> snapshots, string prefix, TimeSpan every, DateTimeOffset now)
    {
        var newest = snapshots.Where(s => SnapshotName.IsOurs(prefix, s.Name)).Select(s => (DateTimeOffset?)s.Created).Max();
        return newest is null || now - newest.Value >= every;
    }
}
