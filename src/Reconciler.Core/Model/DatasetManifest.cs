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
    SnapshotSpec? Snapshots)
    : Manifest(Name, Source)
{
    public override string Kind => "Dataset";
}

/// <summary>A Dataset's <c>snapshots</c> block: how often, how many to keep, and the prefix that marks ours. When one is due is Storage's <c>SnapshotSchedule</c>.</summary>
public sealed record SnapshotSpec(Written<TimeSpan> Every, Written<RetentionGrid> Keep, string Prefix)
{
    public const string DefaultPrefix = "reconciler";
}
