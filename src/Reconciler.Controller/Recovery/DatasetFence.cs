using Reconciler.Storage.Nodes;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Fences a node's datasets: every dataset reconciler manages there becomes read-only, is not
/// mounted again at boot (canmount=noauto) and is unmounted now, so no writer can start on data
/// a survivor has moved past. Released by the opposite, dataset by dataset. Each step looks first.
/// </summary>
public static class DatasetFence
{
    private static readonly string[] Properties = ["readonly", "canmount"];

    /// <summary>
    /// Fences every managed dataset on the node; returns their names, and each one that stayed
    /// mounted because something still uses it (it is read-only all the same).
    /// </summary>
    public static async Task<(IReadOnlyList<string> Datasets, IReadOnlyList<string> Problems)> FenceAsync(StorageNode node, CancellationToken cancellationToken)
    {
        var inventory = await node.InventoryAsync(Properties, null, cancellationToken).ConfigureAwait(false);

        // Deepest first, so a child is unmounted before its parent.
        var datasets = inventory.ManagedDatasets.OrderByDescending(d => d.Count(c => c == '/')).ToList();
        var problems = new List<string>();
        foreach (var dataset in datasets)
        {
            if (inventory.Get(dataset, "readonly") != "on")
            {
                await node.RunAsync(ZfsCommands.Set(dataset, "readonly", "on"), cancellationToken).ConfigureAwait(false);
            }

            if (inventory.Get(dataset, "canmount") != "noauto")
            {
                await node.RunAsync(ZfsCommands.Set(dataset, "canmount", "noauto"), cancellationToken).ConfigureAwait(false);
            }

            if (inventory.Get(dataset, "mounted") == "yes")
            {
                var unmount = await node.TryPatientlyAsync(["zfs", "unmount", dataset], cancellationToken).ConfigureAwait(false);
                if (!unmount.Succeeded)
                {
                    problems.Add($"{dataset} stayed mounted, read-only ({unmount.Error.Trim()}): stop what uses it");
                }
            }
        }

        return (datasets.Order(StringComparer.Ordinal).ToList(), problems);
    }

    /// <summary>Makes the fenced datasets writable and mounted again (a person decided this node's data is the one to keep).</summary>
    public static async Task ReleaseAsync(StorageNode node, IReadOnlyList<string> datasets, CancellationToken cancellationToken)
    {
        var inventory = await node.InventoryAsync([], datasets, cancellationToken).ConfigureAwait(false);
        foreach (var dataset in datasets.Where(inventory.Exists).OrderBy(d => d.Count(c => c == '/')))
        {
            await node.RunAsync(ZfsCommands.Set(dataset, "canmount", "on"), cancellationToken).ConfigureAwait(false);
            await node.RunAsync(ZfsCommands.Set(dataset, "readonly", "off"), cancellationToken).ConfigureAwait(false);

            // Setting canmount=on may mount it already (zfs-fuse does).
            await MountAsync(node, dataset, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>"yes" when the dataset is mounted now.</summary>
    internal static async Task<string> MountedAsync(StorageNode node, string dataset, CancellationToken cancellationToken) =>
        (await node.RunAsync(["zfs", "get", "-H", "-o", "value", "mounted", dataset], cancellationToken).ConfigureAwait(false)).Trim();

    /// <summary>
    /// Mounts the dataset unless it is mounted; true when it had to. zfs-fuse calls a dataset whose
    /// properties just changed "busy" for a moment, so a busy mount is tried again, a few times.
    /// </summary>
    internal static async Task<bool> MountAsync(StorageNode node, string dataset, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await MountedAsync(node, dataset, cancellationToken).ConfigureAwait(false) == "yes")
            {
                return attempt > 1;
            }

            string[] command = ["zfs", "mount", dataset];
            var result = await node.Shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return true;
            }

            if (attempt == 10 || !result.Error.Contains("busy", StringComparison.Ordinal))
            {
                throw new NodeCommandException(node.Name, command, result);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}
