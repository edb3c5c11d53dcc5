namespace Reconciler.Storage.Snapshots;

/// <summary>
/// A ZFS snapshot of a dataset: its short name (after the @), creation time, GUID and creation
/// transaction group when known. Creation times have one-second resolution; the txg orders
/// snapshots taken within the same second. RestoreMark is the stamp of the restore that made
/// this snapshot a timeline's base (<see cref="Zfs.ZfsProperty.Restore"/>), or null.
/// </summary>
public sealed record Snapshot(string Name, DateTimeOffset Created, string? Guid = null, long Txg = 0, string? RestoreMark = null)
{
    /// <summary>Oldest first, in the pool's own order.</summary>
    public static IReadOnlyList<Snapshot> Chronological(IEnumerable<Snapshot> snapshots) =>
        snapshots.OrderBy(s => s.Created).ThenBy(s => s.Txg).ToList();

    /// <summary>Same snapshot on two pools: equal GUIDs when both sides report one, else equal names.</summary>
    public bool SameAs(Snapshot other) =>
        Guid is not null && other.Guid is not null ? Guid == other.Guid : Name == other.Name;
}
