using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Nodes;

/// <summary>A cluster node as storage code sees it: its name, how to run commands there, and its zfs (detected once).</summary>
public sealed class StorageNode(string name, INodeShell shell)
{
    private Task<ZfsFeatures>? features;

    public string Name => name;

    public INodeShell Shell => shell;

    /// <summary>
    /// The node's zfs, detected once it answers: a detection that failed (a worker down when the
    /// controller starts, a cycle cancelled) is not kept, so the node is asked again when it returns.
    /// </summary>
    public async Task<ZfsFeatures> FeaturesAsync(CancellationToken cancellationToken)
    {
        var detection = features ??= DetectAsync(cancellationToken);
        try
        {
            return await detection.ConfigureAwait(false);
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref features, null, detection);
            throw;
        }
    }

    /// <summary>Runs a command and throws <see cref="NodeCommandException"/> when it fails.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output : throw new NodeCommandException(name, command, result);
    }

    /// <summary>
    /// Runs a zfs command that unmounts or remounts a dataset. zfs-fuse calls a dataset "busy" for
    /// a moment after the last process left it (a container just stopped), so that is tried again,
    /// for a few seconds; anything else fails at once.
    /// </summary>
    public async Task RunPatientlyAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await TryPatientlyAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new NodeCommandException(name, command, result);
        }
    }

    /// <summary>As <see cref="RunPatientlyAsync"/>, but returns how it ended instead of throwing.</summary>
    public async Task<CommandResult> TryPatientlyAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded || attempt == 20 || !result.Error.Contains("busy", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="only">The datasets to read (with their snapshots); null reads every dataset on the node.</param>
    public async Task<ZfsInventory> InventoryAsync(IEnumerable<string> declaredProperties, IReadOnlyCollection<string>? only, CancellationToken cancellationToken)
    {
        var command = ZfsInventory.GetCommand(declaredProperties, only);
        var result = await shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.Succeeded || (only is not null && result.ExitCode == 1 && ZfsInventory.OnlyMissing(result.Error))
            ? ZfsInventory.Parse(result.Output)
            : throw new NodeCommandException(name, command, result);
    }

    private async Task<ZfsFeatures> DetectAsync(CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(ZfsFeatures.DetectCommand, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 255 && shell is SshShell)
        {
            // ssh's own failure (unreachable, host key): not a statement about zfs.
            throw new NodeCommandException(name, ZfsFeatures.DetectCommand, result);
        }

        return ZfsFeatures.FromDetection(result.ExitCode, result.Output);
    }
}
