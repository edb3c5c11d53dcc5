namespace Reconciler.Storage.Resources;

/// <summary>The resource kinds the storage provider manages (names used in plans and ordering).</summary>
public static class StorageKinds
{
    public const string Path = "path";
    public const string Dataset = "dataset";

    /// <summary>A Dataset's snapshot schedule: declared only (the storage cycle carries it out; nothing live to observe).</summary>
    public const string SnapshotPolicy = "snapshot-policy";

    /// <summary>A Replication: declared only, as a snapshot schedule.</summary>
    public const string Replication = "replication";

    /// <summary>The kinds plan and apply converge; the declared-only ones are compared between commits, never applied.</summary>
    public static bool Handles(string kind) => kind is Path or Dataset;
}
