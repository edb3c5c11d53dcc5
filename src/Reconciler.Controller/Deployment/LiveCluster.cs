using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Reconciler.Controller.Loop;
using Reconciler.Controller.Ports;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Core.Providers;
using Reconciler.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;
using Reconciler.Swarm;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// The real cluster behind <see cref="ICluster"/>: the Swarm through the Engine API and the
/// nodes' storage over their shells. It turns "cannot reach it" into <see cref="ClusterUnavailableException"/>
/// so the cycle never sees an adapter's own exception types.
/// </summary>
public sealed class LiveCluster(IDockerClient docker, ClusterNodes nodes, TimeProvider time, ILogger<LiveCluster> logger) : ICluster
{
    private readonly SwarmProvider swarm = new(docker, time);
    private readonly SwarmRebalancer rebalancer = new(docker, time);

    // What each replication's target held when last seen: a worker that is down is judged from it.
    private readonly ReplicaMemory replicas = new();

    public Task<IClusterPlan> PlanAsync(DesiredState state, IRepositoryFiles files, IReadOnlyCollection<ManagedPath> knownPaths, CancellationToken cancellationToken) =>
        Reachable(async () =>
        {
            // Storage first: paths and datasets exist before the services that mount them, and are never rolled back.
            IResourceProvider[] providers = [new StorageProvider(nodes.Of(state), knownPaths), swarm];
            var observation = await ClusterObservation.ObserveAsync(providers, state, files, cancellationToken).ConfigureAwait(false);
            return (IClusterPlan)new ObservedPlan(this, state, observation);
        });

    public Task<CycleReport> RunStorageAsync(DesiredState state, CancellationToken cancellationToken) =>
        Reachable(() => new StorageCycle(nodes.Of(state), time, replicas).RunAsync(state, cancellationToken));

    public Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken cancellationToken) =>
        Reachable(() => rebalancer.NodesAsync(cancellationToken));

    public Task<IReadOnlyList<RebalancedService>> RebalanceAsync(DesiredState state, IReadOnlyCollection<string> stacks, CancellationToken cancellationToken) =>
        Reachable(async () =>
        {
            var decisions = await rebalancer.DecideAsync(stacks, Rebalancing.WritersOf(state), cancellationToken).ConfigureAwait(false);
            return await rebalancer.RebalanceAsync(decisions, state, cancellationToken).ConfigureAwait(false);
        });

    private Deployer Deployer() => new(time, new LoggedProgress(logger));

    private static async Task<T> Reachable<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e))
        {
            throw new ClusterUnavailableException($"cannot talk to the Docker Engine: {e.Message}", e);
        }
        catch (NodeCommandException e)
        {
            throw new ClusterUnavailableException(e.Message, e);
        }
    }

    private sealed class ObservedPlan(LiveCluster cluster, DesiredState state, ClusterObservation observation) : IClusterPlan
    {
        public Plan Plan => observation.Plan;

        public IReadOnlyList<string> Errors => observation.Errors;

        public IReadOnlyList<ManagedPath> ManagedPaths => DesiredStorage.PathsByNode(state);

        public Task<ApplyRecord> ApplyAsync(string commit, RollbackSource? rollback, DateTimeOffset? verifyAllSince, CancellationToken cancellationToken) =>
            Reachable(() => cluster.Deployer().DeployAsync(observation, commit, rollback, verifyAllSince, cancellationToken));
    }
}
