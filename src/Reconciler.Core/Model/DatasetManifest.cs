using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

/// <summary>A ZFS dataset; its manifest name is the dataset name (pool/path).</summary>
public sealed record DatasetManifest(
    string Name,
    SourceDocument Source,
    string Node,
    string Mountpoint,
    long Owner,
    long Group,
    string Mode,
    IReadOnlyDictionary<string, string> Properties,
    string? Writer,
    SnapshotSchedule? Snapshots)
    : Manifest(Name, Source)
{
    public override string Kind => "Dataset";
}

public sealed record SnapshotSchedule(string Every, string Keep, string Prefix)
{
    public const string DefaultPrefix = "reconciler";
}
