using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Turns a received replica into the dataset its source was: a half-done resumable receive
/// aborted, read-write, handed to reconciler (reconciler:managed), mounted at the source's
/// mountpoint, and marked by a snapshot ("failover-e&lt;epoch&gt;", or "failback-e&lt;epoch&gt;" when the
/// data comes back) that the next replication or a restore can start from. Each step looks first and does only what is missing, so a promotion cut off
/// half-way is finished by running it again. Owner and mode come with the data (the stream
/// carries the root directory) and the apply that follows checks them.
/// </summary>
public static class ReplicaPromotion
{
    public const string SnapshotPrefix = "failover-e";

    /// <summary>The snapshot that marks a failover's promotion: "failover-e3".</summary>
    public static string FailoverMark(long epoch) => SnapshotPrefix + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Promotes <paramref name="replica"/> (named as on this node, with the mountpoint it takes
    /// over) and marks it with the snapshot <paramref name="mark"/> unless it has it; returns what it did.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PromoteAsync(StorageNode node, DatasetManifest replica, string mark, CancellationToken cancellationToken)
    {
        var name = replica.Name;
        var features = await node.FeaturesAsync(cancellationToken).ConfigureAwait(false);
        string[] extra = features.ResumableReceive ? ["readonly", "canmount", ZfsInventory.ResumeToken] : ["readonly", "canmount"];
        var inventory = await node.InventoryAsync(extra, [name], cancellationToken).ConfigureAwait(false);
        if (!inventory.Exists(name))
        {
            throw new InvalidOperationException($"the replica {name} does not exist on {node.Name}: there is no copy of the data to take over");
        }

        var done = new List<string>();
        if (inventory.Get(name, ZfsInventory.ResumeToken) is { } token && token != "-")
        {
            await node.RunAsync(["zfs", "receive", "-A", name], cancellationToken).ConfigureAwait(false);
            done.Add("aborted a half-done receive (its data was never part of a snapshot)");
        }

        if (inventory.Get(name, "readonly") != "off")
        {
            await node.RunAsync(ZfsCommands.Set(name, "readonly", "off"), cancellationToken).ConfigureAwait(false);
            done.Add("made read-write");
        }

        // A replica (or a fenced dataset) is kept from mounting at boot; the promoted one mounts again.
        if (inventory.Get(name, "canmount") != "on")
        {
            await node.RunAsync(ZfsCommands.Set(name, "canmount", "on"), cancellationToken).ConfigureAwait(false);
        }

        if (!inventory.IsManaged(name))
        {
            await node.RunAsync(ZfsCommands.Set(name, ZfsProperty.Managed, "true"), cancellationToken).ConfigureAwait(false);
            done.Add("handed to reconciler");
        }

        if (inventory.Get(name, "mountpoint") != replica.Mountpoint)
        {
            await node.RunAsync(ZfsCommands.Set(name, "mountpoint", replica.Mountpoint), cancellationToken).ConfigureAwait(false);
            done.Add($"mountpoint set to {replica.Mountpoint}");
        }

        // Setting the mountpoint mounts a mounted dataset again (and on zfs-fuse an unmounted one too), but a replica is received unmounted.
        if (await DatasetFence.MountAsync(node, name, cancellationToken).ConfigureAwait(false))
        {
            done.Add($"mounted at {replica.Mountpoint}");
        }

        if (inventory.SnapshotsOf(name)?.Any(s => s.Name == mark) != true)
        {
            await node.RunAsync(ZfsCommands.Snapshot(name, mark), cancellationToken).ConfigureAwait(false);
            done.Add($"snapshot @{mark} taken");
        }

        return done;
    }
}
