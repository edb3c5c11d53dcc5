using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Tests;

public sealed class StorageNodeTests
{
    /// <summary>
    /// The controller keeps its nodes for its lifetime: a first detection that failed must not
    /// stand for the node's zfs for good, or replication to a worker that was down at the first
    /// look never resumes.
    /// </summary>
    [Fact]
    public async Task A_detection_that_failed_is_tried_again()
    {
        var node = new StorageNode("hermes", new OpenZfsShell());
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.FeaturesAsync(cancelled.Token));
        }

        var features = await node.FeaturesAsync(CancellationToken.None);

        Assert.True(features.ResumableReceive);
    }

    /// <summary>A node whose `zfs version` says OpenZFS.</summary>
    private sealed class OpenZfsShell : INodeShell
    {
        public string Address => "script";

        public bool RunsHere => true;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => ["echo", "zfs-2.1.11-1"];
    }
}
