using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Paths;
using Reconciler.Storage.Resources;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Apply;

/// <summary>
/// Apply for paths and datasets. It creates and changes, never deletes: a directory or dataset
/// that left the repository stays an orphan in the plan. A command that fails becomes an
/// <see cref="ApplyFailure"/> naming the node, the command and its error. What it applied holds
/// at once: there is nothing to wait for.
/// </summary>
public sealed class StorageApplier(StorageNodes nodes) : IChangeApplier
{
    public async Task ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyOnceAsync(change, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeCommandException e)
        {
            throw new ApplyFailure(change.Key, e.Message, e);
        }
    }

    public Task<IReadOnlyList<string>> VerifyAsync(DateTimeOffset? verifyAllSince, IDeployProgress progress, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private Task ApplyOnceAsync(Change change, CancellationToken cancellationToken) => (change.Action, change.Desired?.Payload) switch
    {
        (ChangeAction.Create or ChangeAction.Update, StoragePayload.Path path) => ApplyPathAsync(change, path.Manifest, cancellationToken),
        (ChangeAction.Create or ChangeAction.Update, StoragePayload.Dataset dataset) => ApplyDatasetAsync(change, dataset.Manifest, cancellationToken),
        _ => Task.CompletedTask, // deletions and the declared-only kinds: storage is never destroyed, schedules are the storage cycle's
    };

    private async Task ApplyPathAsync(Change change, PathManifest path, CancellationToken cancellationToken)
    {
        var node = nodes[change.Key.Node!];
        if (change.Action == ChangeAction.Create)
        {
            await node.RunAsync(PathCommands.Create(path.Path, StorageResource.Mode(path.Mode), path.Owner, path.Group, path.Recursive), cancellationToken).ConfigureAwait(false);
            return;
        }

        await ApplyOwnershipAsync(node, change, path.Path, path.Owner, path.Group, path.Mode, path.Recursive, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyDatasetAsync(Change change, DatasetManifest dataset, CancellationToken cancellationToken)
    {
        var node = nodes[dataset.Node];
        if (change.Action == ChangeAction.Create)
        {
            await node.RunAsync(ZfsCommands.Create(dataset.Name, dataset.Mountpoint, dataset.Properties), cancellationToken).ConfigureAwait(false);
            await node.RunAsync(PathCommands.Chown(dataset.Mountpoint, dataset.Owner, dataset.Group, recursive: false), cancellationToken).ConfigureAwait(false);
            await node.RunAsync(PathCommands.Chmod(dataset.Mountpoint, StorageResource.Mode(dataset.Mode)), cancellationToken).ConfigureAwait(false);
            return;
        }

        // The mountpoint first: ownership below applies to the dataset's root where it now is.
        if (change.Fields.Any(f => f.Path == "/mountpoint"))
        {
            await node.RunAsync(ZfsCommands.Set(dataset.Name, "mountpoint", dataset.Mountpoint), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (property, value) in dataset.Properties.Where(p => change.Fields.Any(f => f.Path == $"/properties/{p.Key}")))
        {
            await node.RunAsync(ZfsCommands.Set(dataset.Name, property, value), cancellationToken).ConfigureAwait(false);
        }

        await ApplyOwnershipAsync(node, change, dataset.Mountpoint, dataset.Owner, dataset.Group, dataset.Mode, false, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ApplyOwnershipAsync(
        StorageNode node, Change change, string path, long owner, long group, string mode, bool recursive, CancellationToken cancellationToken)
    {
        if (change.Fields.Any(f => f.Path is "/owner" or "/group"))
        {
            await node.RunAsync(PathCommands.Chown(path, owner, group, recursive), cancellationToken).ConfigureAwait(false);
        }

        if (change.Fields.Any(f => f.Path == "/mode"))
        {
            await node.RunAsync(PathCommands.Chmod(path, StorageResource.Mode(mode)), cancellationToken).ConfigureAwait(false);
        }
    }
}
