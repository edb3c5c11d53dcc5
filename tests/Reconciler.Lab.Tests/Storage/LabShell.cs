using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests.Storage;

/// <summary>Commands a test runs on a lab node to set up or check what the controller did.</summary>
internal static class LabShell
{
    private static readonly Lazy<StorageNodes> Nodes = new(Lab.StorageNodes);

    public static StorageNodes All => Nodes.Value;

    public static Task<string> OnAsync(string node, params string[] command) => All[node].RunAsync(command, CancellationToken.None);

    /// <summary>Runs a command on a node and returns how it ended, failed or not.</summary>
    public static Task<CommandResult> TryOnAsync(string node, params string[] command) => All[node].Shell.RunAsync(command, CancellationToken.None);

    /// <summary>"owner group mode" of a path on a node, e.g. "1000 1000 750".</summary>
    public static async Task<string> OwnershipAsync(string node, string path) =>
        (await OnAsync(node, "stat", "-c", "%u %g %a", path)).Trim();

    /// <summary>The device a path lives on: two paths on one device are on one filesystem (a dataset, or the root filesystem under it).</summary>
    public static async Task<string> DeviceAsync(string node, string path) =>
        (await OnAsync(node, "stat", "-c", "%d", path)).Trim();

    public static async Task<string> ZfsGetAsync(string node, string dataset, string property) =>
        (await OnAsync(node, "zfs", "get", "-H", "-p", "-o", "value", property, dataset)).Trim();

    /// <summary>The snapshot names of a dataset on a node, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> SnapshotsAsync(string node, string dataset)
    {
        var output = await OnAsync(node, "zfs", "list", "-H", "-o", "name", "-t", "snapshot", "-s", "creation", "-r", dataset);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(n => n.StartsWith(dataset + "@", StringComparison.Ordinal))
            .Select(n => n[(dataset.Length + 1)..])
            .ToList();
    }

    /// <summary>
    /// Destroys a dataset, what is below it and the clones of its snapshots (-R: a restore keeps the
    /// old timeline as such a clone); zfs-fuse calls one just used "busy" for a moment, so that is retried.
    /// </summary>
    public static async Task DestroyAsync(string node, string dataset)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await All[node].Shell.RunAsync(["zfs", "destroy", "-R", dataset], CancellationToken.None);
            if (result.Succeeded || result.Error.Contains("does not exist", StringComparison.Ordinal))
            {
                return;
            }

            if (attempt == 40 || !result.Error.Contains("busy", StringComparison.Ordinal))
            {
                throw new NodeCommandException(node, ["zfs", "destroy", "-R", dataset], result);
            }

            await Task.Delay(250);
        }
    }
}
