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

    /// <summary>What the controller does about a second writer it finds at run time: tell, or also stop it.</summary>
    public WriterGuard Guard { get; init; } = WriterGuard.Alert;
}

/// <summary>
/// A Dataset's <c>guard</c> (named by <see cref="Text.StateNames"/>): alert reports a container
/// that writes the dataset besides its writer; stop also stops that container.
/// </summary>
public enum WriterGuard
{
    Alert,
    Stop,
}

/// <summary>A Dataset's <c>snapshots</c> block: how often, how many to keep, and the prefix that marks ours. When one is due is Storage's <c>SnapshotSchedule</c>.</summary>
public sealed record SnapshotSpec(Written<TimeSpan> Every, Written<RetentionGrid> Keep, string Prefix)
{
    public const string DefaultPrefix = "reconciler";
}
