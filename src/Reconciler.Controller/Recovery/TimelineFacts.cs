using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>What a restore finds of a dataset (the one restored, or the timeline kept aside) before each run.</summary>
public sealed record TimelineFacts(string? Origin, string Mountpoint, bool Mounted, bool ReadOnly, bool Managed, IReadOnlyList<Snapshot> Snapshots)
{
    /// <summary>What an inventory must read beyond its base properties.</summary>
    public static IReadOnlyList<string> Properties { get; } = ["origin", "readonly"];

    /// <summary>The dataset as the inventory saw it, or null when it does not exist.</summary>
    public static TimelineFacts? Of(ZfsInventory inventory, string dataset) => inventory.SnapshotsOf(dataset) is { } snapshots
        ? new TimelineFacts(
            inventory.Get(dataset, "origin") is { } origin and not "-" ? origin : null,
            inventory.Get(dataset, "mountpoint")!,
            inventory.Get(dataset, "mounted") == "yes",
            inventory.Get(dataset, "readonly") == "on",
            inventory.IsManaged(dataset),
            snapshots)
        : null;

    public Snapshot? Find(string snapshot) => Snapshots.FirstOrDefault(s => s.Name == snapshot);

    /// <summary>Put aside as a restore leaves the timeline it replaced: not mounted, read-only, not managed.</summary>
    public bool Detached => !Mounted && Mountpoint == "none" && ReadOnly && !Managed;
}
