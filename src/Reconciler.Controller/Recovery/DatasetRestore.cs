using Reconciler.Storage.Nodes;
using Reconciler.Storage.Paths;
using Reconciler.Storage.Resources;
using Reconciler.Storage.Restore;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Carries out a restore's steps on the dataset's node (<see cref="RestorePlanner"/> decides
/// which). The restored dataset gets the properties the record carries (its own from before,
/// with the spec's mountpoint and properties), its root the spec's owner and mode, and is mounted.
/// </summary>
public static class DatasetRestore
{
    /// <summary>The dataset and the timeline it keeps, as they are now, and the dataset's children (a restore moves none).</summary>
    public static async Task<(TimelineFacts? Source, TimelineFacts? Kept, IReadOnlyList<string> Children)> ObserveAsync(
        StorageNode node, RestoreRecord restore, CancellationToken cancellationToken)
    {
        var inventory = await node.InventoryAsync(TimelineFacts.Properties, [restore.Dataset, restore.Kept], cancellationToken).ConfigureAwait(false);
        var children = inventory.Datasets.Where(d => d.StartsWith(restore.Dataset + "/", StringComparison.Ordinal)).ToList();
        return (TimelineFacts.Of(inventory, restore.Dataset), TimelineFacts.Of(inventory, restore.Kept), children);
    }

    /// <summary>The dataset's own properties now, to carry to the restored one.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LocalPropertiesAsync(StorageNode node, string dataset, CancellationToken cancellationToken) =>
        TimelineCommands.ParseLocal(await node.RunAsync(TimelineCommands.LocalProperties(dataset), cancellationToken).ConfigureAwait(false));

    /// <summary>Runs one step; returns what it did, for the person watching.</summary>
    public static async Task<string> RunAsync(StorageNodes nodes, RestoreRecord restore, RestoreStep step, CancellationToken cancellationToken)
    {
        var node = nodes[restore.Node];
        var (dataset, kept) = (restore.Dataset, restore.Kept);
        switch (step)
        {
            case RestoreStep.SnapshotCurrent:
                await node.RunPatientlyAsync(ZfsCommands.Snapshot(dataset, restore.PreRestore), cancellationToken).ConfigureAwait(false);
                return $"snapshot {dataset}@{restore.PreRestore} taken (the state being replaced; never pruned)";
            case RestoreStep.SetAside:
                await TimelineSwap.SetAsideAsync(node, dataset, kept, cancellationToken).ConfigureAwait(false);
                return $"{dataset} renamed to {kept}";
            case RestoreStep.Detach:
                await node.RunPatientlyAsync(ZfsCommands.Set(kept, "mountpoint", "none"), cancellationToken).ConfigureAwait(false);
                await node.RunPatientlyAsync(ZfsCommands.Set(kept, "readonly", "on"), cancellationToken).ConfigureAwait(false);
                await node.RunPatientlyAsync(TimelineCommands.Inherit(kept, ZfsProperty.Managed), cancellationToken).ConfigureAwait(false);
                return $"{kept} unmounted, read-only, not managed (kept as it was)";
            case RestoreStep.Clone:
                await TimelineSwap.CloneAsync(node, kept, restore.Snapshot, dataset, restore.Properties, cancellationToken).ConfigureAwait(false);
                return $"{kept}@{restore.Snapshot} cloned as {dataset}";
            case RestoreStep.Promote:
                await TimelineSwap.PromoteAsync(node, dataset, cancellationToken).ConfigureAwait(false);
                return $"{dataset} promoted (it owns its snapshots up to {restore.Snapshot})";
            case RestoreStep.Receive:
                return await ReceiveAsync(nodes, restore, cancellationToken).ConfigureAwait(false);
            case RestoreStep.CarryProperties:
                return await CarryAsync(node, restore, cancellationToken).ConfigureAwait(false);
            case RestoreStep.Rollback:
                await node.RunPatientlyAsync(ZfsCommands.Rollback(dataset, restore.Snapshot), cancellationToken).ConfigureAwait(false);
                return $"{dataset} rolled back to {restore.Snapshot}";
            case RestoreStep.Mark:
                await node.RunPatientlyAsync(TimelineCommands.Mark(dataset, restore.Snapshot, restore.Stamp), cancellationToken).ConfigureAwait(false);
                return $"{dataset}@{restore.Snapshot} marked as the restore's base ({ZfsProperty.Restore}={restore.Stamp}: kept; replication continues from it)";
            default:
                throw new InvalidOperationException($"unknown restore step {step}");
        }
    }

    /// <summary>The spec's owner and mode on the restored root, and the dataset mounted (once the steps are done).</summary>
    public static async Task FinishAsync(StorageNode node, Core.Model.DatasetManifest dataset, CancellationToken cancellationToken)
    {
        await DatasetFence.MountAsync(node, dataset.Name, cancellationToken).ConfigureAwait(false);
        await node.RunAsync(PathCommands.Chown(dataset.Mountpoint, dataset.Owner, dataset.Group, recursive: false), cancellationToken).ConfigureAwait(false);
        await node.RunAsync(PathCommands.Chmod(dataset.Mountpoint, StorageResource.Mode(dataset.Mode)), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ReceiveAsync(StorageNodes nodes, RestoreRecord restore, CancellationToken cancellationToken)
    {
        var replica = restore.Replica ?? throw new InvalidOperationException("a restore from a replica without one");
        var receive = new[] { "zfs", "receive", "-u", restore.Dataset };
        var result = await NodePipe.RunAsync(
            nodes[replica.Node].Shell, ZfsCommands.Send(replica.Dataset, restore.Snapshot, null, false), nodes[restore.Node].Shell, receive, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // An interrupted receive leaves nothing behind: the next run streams it again.
            throw new NodeCommandException(restore.Node, receive, result.Sender.Succeeded ? result.Receiver : result.Sender);
        }

        return $"{replica.Dataset}@{restore.Snapshot} streamed from {replica.Node} into {restore.Dataset}";
    }

    /// <summary>Sets each carried property that differs; the mountpoint last, since setting it mounts the dataset.</summary>
    private static async Task<string> CarryAsync(StorageNode node, RestoreRecord restore, CancellationToken cancellationToken)
    {
        var local = await LocalPropertiesAsync(node, restore.Dataset, cancellationToken).ConfigureAwait(false);
        var changed = restore.Properties.Where(p => local.GetValueOrDefault(p.Key) != p.Value)
            .OrderBy(p => p.Key == "mountpoint").ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var (property, value) in changed)
        {
            await node.RunAsync(ZfsCommands.Set(restore.Dataset, property, value), cancellationToken).ConfigureAwait(false);
        }

        return changed.Count == 0 ? $"{restore.Dataset} has its properties" : $"{restore.Dataset}: {string.Join(", ", changed.Select(p => $"{p.Key}={p.Value}"))}";
    }
}
