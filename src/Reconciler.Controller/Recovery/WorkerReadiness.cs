using Docker.DotNet;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Ports;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Recovery;

/// <summary>`reconciler check failover` from the controller: the Cluster's one worker, reached over the nodes the cluster and the standby share.</summary>
public sealed class WorkerReadiness(StandbyOptions options, IDockerClient docker, ClusterNodes nodes, TimeProvider time) : IFailoverReadiness
{
    public async Task<FailoverReport?> CheckAsync(DesiredState state, string lastGoodCommit, CancellationToken cancellationToken)
    {
        if (!options.Enabled || FailoverTarget.Pick(state.Cluster, null) is not ({ } manager, { } worker, null))
        {
            return null;
        }

        var target = new FailoverTarget(manager, worker, options.WorkerStateDir, options.WorkerDockerHost,
            options.WorkerReconciler.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return await new FailoverObserver(nodes.Of(state), docker, target).CheckAsync(state, lastGoodCommit, time, cancellationToken).ConfigureAwait(false);
    }
}
