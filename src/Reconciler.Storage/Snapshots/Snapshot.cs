namespace Reconciler.Storage.Snapshots;

/// <summary>A ZFS snapshot of a dataset: its short name (after the @), creation time and GUID when known.</summary>
public sealed record Snapshot(string Name, DateTimeOffset Created, string? Guid = null)
{
    /// <summary>Same snapshot on two pools: equal GUIDs when both sides report one, else equal names.</summary>
    public bool SameAs(Snapshot other) =>
        Guid is not null && other.Guid is not null ? Guid == other.Guid : Name == other.Name;
}
