namespace Reconciler.Storage.Resources;

/// <summary>The resource kinds the storage provider manages (names used in plans).</summary>
public static class StorageKinds
{
    public const string Path = "path";
    public const string Dataset = "dataset";

    /// <summary>A Dataset's snapshot schedule: declared only (the storage cycle carries it out; nothing live to observe).</summary>
    public const string SnapshotPolicy = "snapshot-policy";

    /// <summary>A Replication: declared only, as a snapshot schedule.</summary>
    public const string Replication = "replication";

    /// <summary>
    /// The order: paths, then datasets (whose mountpoint may sit below a path), except that a path
    /// inside a dataset's mountpoint follows that dataset (see DesiredStorage). The declared-only
    /// kinds follow; only `diff` shows them, and nothing applies them.
    /// </summary>
    public static readonly IReadOnlyList<string> Order = [Path, Dataset, SnapshotPolicy, Replication];
}
