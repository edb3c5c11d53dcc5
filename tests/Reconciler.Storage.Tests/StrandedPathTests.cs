using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;

namespace Reconciler.Storage.Tests;

/// <summary>A path remembered on a node that left the Cluster manifest (removed, renamed, failed over).</summary>
public sealed class StrandedPathTests
{
    [Fact]
    public async Task A_path_remembered_on_a_node_not_in_the_cluster_is_an_orphan_on_that_node_and_never_probed()
    {
        var state = Core.Validation.Validator.Validate(new InMemoryRepositoryFiles(new Dictionary<string, string> { ["cluster.yaml"] = TestRepository.ManagerOnly })).State;
        var provider = new StorageProvider(StorageNodes.For(state.Cluster, new SshOptions(null, null)), [new ManagedPath("b2m", "/srv/gone")]);

        var snapshot = await provider.ObserveAsync(state, CancellationToken.None);

        Assert.Empty(snapshot.Errors);
        var orphan = Assert.Single(snapshot.Diff());
        Assert.Equal(ChangeAction.Orphan, orphan.Action);
        Assert.Equal("b2m", orphan.Key.Node);
        Assert.Equal("/srv/gone", orphan.Key.Name);
        Assert.Contains("not in the Cluster manifest", orphan.Observed!.Owner.OrphanAdvice, StringComparison.Ordinal);
    }
}
