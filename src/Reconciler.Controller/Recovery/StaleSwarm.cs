using Docker.DotNet;
using Docker.DotNet.Models;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// The swarm a failed-over manager still leads when it comes back: left to itself it marks the
/// worker down and reschedules everything onto this node, writers included. A fenced node leaves
/// it (which stops its tasks here) once the worker's state proves a failover; only a failover
/// proves it, so a worker that merely does not answer never costs the cluster its swarm.
/// </summary>
public static class StaleSwarm
{
    /// <summary>Leaves the swarm this node is in unless it is the survivor's; returns what it did, or null when there was nothing to leave.</summary>
    public static async Task<string?> LeaveAsync(IDockerClient docker, string? survivorSwarm, CancellationToken cancellationToken)
    {
        var swarm = (await docker.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false)).Swarm;
        if (swarm is null || swarm.LocalNodeState is "inactive" or "" || (survivorSwarm is not null && swarm.Cluster?.ID == survivorSwarm))
        {
            return null;
        }

        await docker.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
        var id = swarm.Cluster?.ID ?? swarm.NodeID;
        return $"left its old swarm {(id.Length > 12 ? id[..12] : id)}, stopping its tasks here";
    }
}
