using Reconciler.Core.Model;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Cycle;

/// <summary>
/// A replication target as the storage cycle found it before sending anything: where it is
/// mounted (null when it is not), whether it is read-only, and the bytes written to it since its
/// newest snapshot (null when unknown). A copy anyone can write to, or did, makes the next
/// receive fail, or with force: true, throws those writes away.
/// </summary>
public sealed record ReplicaState(string Replication, string Source, string Node, string Dataset, string? MountedAt, bool ReadOnly, long? Written, string? NewestSnapshot)
{
    /// <summary>The target of <paramref name="replication"/> in its node's inventory; null when it does not exist yet.</summary>
    public static ReplicaState? Of(ReplicationManifest replication, ZfsInventory inventory)
    {
        var dataset = replication.TargetDataset;
        if (!inventory.Exists(dataset))
        {
            return null;
        }

        return new ReplicaState(
            replication.Name,
            replication.SourceDataset,
            replication.TargetNode,
            dataset,
            inventory.Get(dataset, "mounted") == "yes" ? inventory.Get(dataset, "mountpoint") : null,
            inventory.Get(dataset, "readonly") == "on",
            inventory.WrittenSinceNewestSnapshot(dataset),
            inventory.SnapshotsOf(dataset) is { Count: > 0 } snapshots ? snapshots[^1].Name : null);
    }
}
