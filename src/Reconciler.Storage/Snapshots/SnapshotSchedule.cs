namespace Reconciler.Storage.Snapshots;

/// <summary>When a dataset needs its next snapshot.</summary>
public static class SnapshotSchedule
{
    /// <summary>Due when we have never taken one, or the newest of ours (dated by its name) is at least one interval old.</summary>
    public static bool IsDue(IEnumerable<Snapshot> snapshots, string prefix, TimeSpan every, DateTimeOffset now)
    {
        var newest = snapshots.Select(s => SnapshotName.TimeOf(prefix, s.Name)).Max();
        return newest is null || now - newest.Value >= every;
    }
}
