using Docker.DotNet;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Ports;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Recovery;

/// <summary>The standby on the Cluster's one worker, written over the node shell storage uses.</summary>
public sealed class WorkerStandby(ControllerOptions options, string configuration, IDockerClient docker, ClusterNodes nodes, TimeProvider time) : IStandby
{
    public StandbyRecord? Last
    {
        get
        {
            try
            {
                return StandbyRecord.Load(options.StateDir);
            }
            catch (InvalidDataException)
            {
                // Only a note of the last refresh: without it the standby counts as stale and the refresh rewrites it.
                return null;
            }
        }
    }

    public async Task<StandbyRecord?> RefreshAsync(DesiredState state, string commit, IRepositoryFiles files, ReconcilerState record, CancellationToken cancellationToken)
    {
        if (!options.Standby.Enabled || FailoverTarget.Pick(state.Cluster, null) is not (_, { } worker, null))
        {
            return null;
        }

        var writer = new StandbyWriter(nodes.Of(state)[worker], options.Standby.WorkerStateDir, options.StateDir, docker, time);
        return await writer.RefreshAsync(commit, files, record, configuration, cancellationToken).ConfigureAwait(false);
    }

    public async Task<FenceRecord?> GuardAsync(CancellationToken cancellationToken)
    {
        var fence = FenceRecord.Load(options.StateDir) ?? await FenceAsync(cancellationToken).ConfigureAwait(false);
        if (fence is not { FailedOver: true })
        {
            return fence;
        }

        // The boot guard ran before Docker: the stale swarm is left here, once Docker runs.
        var left = await StaleSwarm.LeaveAsync(docker, fence.SurvivorSwarm, cancellationToken).ConfigureAwait(false);
        if (left is not null)
        {
            fence = fence with { Reason = $"{fence.Reason}; {left}" };
            fence.Save(options.StateDir);
        }

        return fence;
    }

    private async Task<FenceRecord?> FenceAsync(CancellationToken cancellationToken)
    {
        if (!options.Standby.Enabled || Last is not { Address: { } address } standby)
        {
            return null;
        }

        var verdict = await ReturnGuard.JudgeAsync(nodes.Node(standby.Worker, address), standby.WorkerStateDirectory, Environment.MachineName, cancellationToken).ConfigureAwait(false);
        if (!verdict.MustFence)
        {
            return null;
        }

        // Docker runs already: a writer the old swarm restarted may hold its dataset, which then
        // stays mounted but read-only (the writer fails instead of writing); the fence holds either way.
        var (datasets, problems) = await DatasetFence.FenceAsync(nodes.Node(Environment.MachineName, "local"), cancellationToken).ConfigureAwait(false);
        var reason = problems.Count == 0 ? verdict.Reason : $"{verdict.Reason}; {string.Join("; ", problems)}";
        var fence = new FenceRecord(time.GetUtcNow(), reason, verdict.Epoch, standby.Worker, datasets) { SurvivorSwarm = verdict.SurvivorSwarm };
        fence.Save(options.StateDir);
        return fence;
    }
}
