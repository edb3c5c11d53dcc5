using Reconciler.Storage.Nodes;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Undoes a promotion once the data went back to its source (failback): the survivor's copy is
/// read-only, unmounted, not mounted at boot, no longer reconciler's own dataset and back at its
/// inherited mountpoint, a replica again that the next replication continues incrementally.
/// Each step looks first, so it is safe to repeat.
/// </summary>
public static class ReplicaDemotion
{
    public static async Task<IReadOnlyList<string>> DemoteAsync(StorageNode node, string replica, CancellationToken cancellationToken)
    {
        var inventory = await node.InventoryAsync(["readonly", "canmount"], [replica], cancellationToken).ConfigureAwait(false);
        if (!inventory.Exists(replica))
        {
            throw new InvalidOperationException($"the replica {replica} does not exist on {node.Name}");
        }

        var done = new List<string>();
        if (inventory.Get(replica, "readonly") != "on")
        {
            await node.RunAsync(ZfsCommands.Set(replica, "readonly", "on"), cancellationToken).ConfigureAwait(false);
            done.Add("made read-only");
        }

        if (inventory.Get(replica, "canmount") != "noauto")
        {
            await node.RunAsync(ZfsCommands.Set(replica, "canmount", "noauto"), cancellationToken).ConfigureAwait(false);
        }

        if (await DatasetFence.MountedAsync(node, replica, cancellationToken).ConfigureAwait(false) == "yes")
        {
            await node.RunAsync(["zfs", "unmount", replica], cancellationToken).ConfigureAwait(false);
            done.Add("unmounted");
        }

        var source = (await node.RunAsync(["zfs", "get", "-H", "-o", "source", "mountpoint", replica], cancellationToken).ConfigureAwait(false)).Trim();
        if (source == "local")
        {
            await node.RunAsync(["zfs", "inherit", "mountpoint", replica], cancellationToken).ConfigureAwait(false);
            done.Add("mountpoint inherited again");
        }

        if (inventory.IsManaged(replica))
        {
            await node.RunAsync(["zfs", "inherit", ZfsProperty.Managed, replica], cancellationToken).ConfigureAwait(false);
            done.Add("handed back to its replication");
        }

        return done;
    }
}
