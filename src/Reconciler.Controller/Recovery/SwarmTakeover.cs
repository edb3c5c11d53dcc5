using Docker.DotNet;
using Docker.DotNet.Models;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Makes the survivor the manager of a new one-node swarm. A worker cannot promote itself, and
/// `swarm init --force-new-cluster` is refused on a worker (checked on the lab): it must leave
/// the old swarm (which removes the old swarm's containers on it) and init a new one with the
/// old swarm's settings. A survivor already managing the swarm this failover created is left as is.
/// </summary>
public static class SwarmTakeover
{
    /// <summary>The remote managers' addresses the survivor's engine still knows from the old swarm.</summary>
    public static async Task<IReadOnlyList<string>> RemoteManagersAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var swarm = (await docker.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false)).Swarm;
        return swarm?.RemoteManagers?.Select(m => m.Addr).Where(a => !string.IsNullOrEmpty(a)).ToList() ?? [];
    }

    /// <summary>Leaves the old swarm if still in one and inits the new one; returns the new swarm's ID and what was done.</summary>
    public static async Task<(string SwarmId, string Done)> TakeOverAsync(IDockerClient docker, SwarmInitParameters parameters, string? createdBefore, CancellationToken cancellationToken)
    {
        var info = (await docker.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false)).Swarm;
        var state = info?.LocalNodeState ?? "inactive";
        if (state == "active" && info!.ControlAvailable && info.Cluster?.ID is { } current && current == createdBefore)
        {
            return (current, $"already the manager of the new swarm {Short(current)}");
        }

        var left = string.Empty;
        if (state != "inactive")
        {
            await docker.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
            left = $"left the old swarm ({state}{(info?.Cluster?.ID is { } old ? " " + Short(old) : string.Empty)}); ";
        }

        await docker.Swarm.InitSwarmAsync(parameters.Request(), cancellationToken).ConfigureAwait(false);
        var created = await docker.Swarm.InspectSwarmAsync(cancellationToken).ConfigureAwait(false);
        return (created.ID, $"{left}initialised the new swarm {Short(created.ID)} advertising {parameters.AdvertiseAddress}");
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
