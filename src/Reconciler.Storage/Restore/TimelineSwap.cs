using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Restore;

/// <summary>
/// Puts a dataset's timeline aside under another name and a promoted clone of one of its snapshots
/// in its place: what a restore, a failback and a replica's rebase after a restore all do. Nothing
/// is destroyed: the set-aside timeline keeps what came after the snapshot. Callers observe between
/// the steps, so each is its own call. Every command is run patiently: renaming or cloning changes
/// mounts, and zfs-fuse calls a dataset "busy" for a moment after that. Checked on zfs-fuse (pool
/// version 23) as on OpenZFS.
/// </summary>
public static class TimelineSwap
{
    /// <summary>Renames the dataset aside (its snapshots and children move with it; a mounted one stays mounted where it was).</summary>
    public static Task SetAsideAsync(StorageNode node, string dataset, string kept, CancellationToken cancellationToken) =>
        node.RunPatientlyAsync(["zfs", "rename", dataset, kept], cancellationToken);

    /// <summary>
    /// Clones <paramref name="kept"/>@<paramref name="snapshot"/> under the dataset's name with the
    /// given properties set as it is made, and promotes it. zfs-fuse mounts the new clone at once,
    /// even with canmount=noauto among the properties.
    /// </summary>
    public static async Task TakeOverAsync(
        StorageNode node, string kept, string snapshot, string dataset, IEnumerable<KeyValuePair<string, string>> properties, CancellationToken cancellationToken)
    {
        await CloneAsync(node, kept, snapshot, dataset, properties, cancellationToken).ConfigureAwait(false);
        await PromoteAsync(node, dataset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first half of <see cref="TakeOverAsync"/>, for a caller that records each step.</summary>
    public static Task CloneAsync(
        StorageNode node, string kept, string snapshot, string dataset, IEnumerable<KeyValuePair<string, string>> properties, CancellationToken cancellationToken)
    {
        var command = new List<string> { "zfs", "clone" };
        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            command.AddRange(["-o", $"{name}={value}"]);
        }

        command.AddRange([$"{kept}@{snapshot}", dataset]);
        return node.RunPatientlyAsync(command, cancellationToken);
    }

    /// <summary>
    /// The second half of <see cref="TakeOverAsync"/>: the clone owns the snapshots up to its origin
    /// (they move to it, GUIDs unchanged), and the set-aside timeline becomes the clone, of that snapshot.
    /// </summary>
    public static Task PromoteAsync(StorageNode node, string dataset, CancellationToken cancellationToken) =>
        node.RunPatientlyAsync(["zfs", "promote", dataset], cancellationToken);

    /// <summary>
    /// What zfs shows as the origin of a clone of <paramref name="dataset"/>@<paramref name="snapshot"/>:
    /// the new dataset's before the promotion, the set-aside timeline's after it.
    /// </summary>
    public static string Origin(string dataset, string snapshot) => $"{dataset}@{snapshot}";
}
