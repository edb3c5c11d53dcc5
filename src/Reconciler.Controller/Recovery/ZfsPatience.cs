using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// zfs-fuse calls a dataset "busy" for a moment after the last process left it (a container just
/// stopped), so an unmount or remount that fails that way is tried again for a few seconds;
/// anything else ends at once.
/// </summary>
internal static class ZfsPatience
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<CommandResult> RunAsync(StorageNode node, IReadOnlyList<string> command, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await node.Shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded || attempt == attempts || !result.Error.Contains("busy", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
        }
    }
}
