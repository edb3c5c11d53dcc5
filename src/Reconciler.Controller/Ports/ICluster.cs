using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Resources;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Controller.Ports;

/// <summary>
/// The cluster as the cycle sees it: plan a desired state against what runs, and run the storage
/// cycle. Anything that means "the engine or a node cannot be reached" is a
/// <see cref="ClusterUnavailableException"/>; what the cluster refuses during an apply is in the record.
/// </summary>
public interface ICluster
{
    Task<IClusterPlan> PlanAsync(DesiredState state, IRepositoryFiles files, IReadOnlyCollection<ManagedPath> knownPaths, CancellationToken cancellationToken);

    /// <summary>Snapshots, replication and retention for the datasets of <paramref name="state"/>.</summary>
    Task<CycleReport> RunStorageAsync(DesiredState state, CancellationToken cancellationToken);

    /// <summary>The swarm's nodes now: whether each is ready and takes tasks (one list call).</summary>
    Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken cancellationToken);

    /// <summary>Spreads the unbalanced services of <paramref name="stacks"/> again (never a Dataset's writer) and says what moved.</summary>
    Task<IReadOnlyList<RebalancedService>> RebalanceAsync(DesiredState state, IReadOnlyCollection<string> stacks, CancellationToken cancellationToken);
}
