using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// The swarm side of a failback, run on the returning manager: it joins the survivor's swarm as a
/// manager (leaving the stale swarm it led, whose tasks must not start), stops the writers for the
/// final sync, and hands the survivor back its worker role without the labels the failover gave it.
/// The survivor's engine is asked through its own docker CLI over ssh, as the readiness check does.
/// Each step looks first, so a failback run again skips what is done.
/// </summary>
public sealed class SwarmReturn(IDockerClient home, StorageNode survivor, string? survivorDockerHost)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Joins the survivor's swarm as a manager, reachable at <paramref name="survivorAddress"/>; returns what it did.</summary>
    public async Task<string> JoinAsync(string advertiseAddress, string survivorAddress, CancellationToken cancellationToken)
    {
        var swarmId = (await SurvivorDockerAsync(["info", "--format", "{{.Swarm.Cluster.ID}}"], cancellationToken).ConfigureAwait(false)).Trim();
        if (swarmId.Length == 0)
        {
            throw new InvalidOperationException($"{survivor.Name} manages no swarm: finish the failover there first (`reconciler failover`)");
        }

        var info = (await home.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false)).Swarm;
        var inIt = info?.LocalNodeState == "active" && info.Cluster?.ID == swarmId;
        if (inIt && info!.ControlAvailable)
        {
            return $"already a manager of {survivor.Name}'s swarm {Short(swarmId)}";
        }

        if (inIt)
        {
            await SurvivorDockerAsync(["node", "promote", info!.NodeID], cancellationToken).ConfigureAwait(false);
            await UntilManagerAsync(cancellationToken).ConfigureAwait(false);
            return $"promoted to a manager of {survivor.Name}'s swarm {Short(swarmId)}";
        }

        var left = string.Empty;
        if (info?.LocalNodeState is { } state && state != "inactive")
        {
            // The swarm this node led alone before the failover: leaving it removes its stale tasks here.
            await home.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
            left = $"left its old swarm{(info.Cluster?.ID is { } old ? " " + Short(old) : string.Empty)}; ";
        }

        var token = (await SurvivorDockerAsync(["swarm", "join-token", "-q", "manager"], cancellationToken).ConfigureAwait(false)).Trim();
        await home.Swarm.JoinSwarmAsync(new SwarmJoinParameters
        {
            AdvertiseAddr = advertiseAddress,
            ListenAddr = $"{advertiseAddress}:2377",
            RemoteAddrs = [$"{survivorAddress}:2377"],
            JoinToken = token,
        }, cancellationToken).ConfigureAwait(false);
        await UntilManagerAsync(cancellationToken).ConfigureAwait(false);
        return $"{left}joined {survivor.Name}'s swarm {Short(swarmId)} as a manager";
    }

    /// <summary>Scales each service to 0 and waits until none of its tasks runs: nothing writes during the final sync.</summary>
    public async Task<IReadOnlyList<string>> StopAsync(IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        foreach (var name in services)
        {
            var live = await home.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken).ConfigureAwait(false);
            if (live.FirstOrDefault(s => s.Spec?.Name == name) is not { Spec: { } spec } service)
            {
                continue;
            }

            if (spec.Mode?.Replicated is not { } replicated)
            {
                throw new InvalidOperationException($"the writer {name} is not a replicated service, so it cannot be scaled to 0 for the final sync");
            }

            if (replicated.Replicas != 0)
            {
                replicated.Replicas = 0;
                await home.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters { Service = spec, Version = (long)service.Version!.Index!.Value }, cancellationToken).ConfigureAwait(false);
            }

            await UntilStoppedAsync(service.ID, name, cancellationToken).ConfigureAwait(false);
            stopped.Add(name);
        }

        return stopped;
    }

    /// <summary>Demotes the survivor to a worker and removes the labels only the failover gave it; returns what it did.</summary>
    public async Task<string> HandBackAsync(IReadOnlyCollection<string> overlayLabels, CancellationToken cancellationToken)
    {
        var node = (await home.Swarm.ListNodesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(n => n.Description?.Hostname == survivor.Name && n.Status?.State != "down")
            ?? throw new InvalidOperationException($"{survivor.Name} is not a live node of this swarm");
        var spec = node.Spec ?? new NodeUpdateParameters();
        var labels = spec.Labels ?? new Dictionary<string, string>();
        var removed = overlayLabels.Where(labels.ContainsKey).Order(StringComparer.Ordinal).ToList();
        if (spec.Role == "worker" && removed.Count == 0)
        {
            return $"{survivor.Name} is a worker again";
        }

        spec.Role = "worker";
        foreach (var key in removed)
        {
            labels.Remove(key);
        }

        spec.Labels = labels;
        await home.Swarm.UpdateNodeAsync(node.ID, node.Version!.Index!.Value, spec, cancellationToken).ConfigureAwait(false);
        await UntilManagerAsync(cancellationToken).ConfigureAwait(false);
        return $"{survivor.Name} demoted to a worker{(removed.Count == 0 ? string.Empty : $", its failover labels {string.Join(", ", removed)} removed")}";
    }

    private async Task UntilManagerAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var swarm = (await home.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false)).Swarm;
            if (swarm?.LocalNodeState == "active" && swarm.ControlAvailable)
            {
                try
                {
                    // Control is available once raft has a leader this node can reach.
                    await home.Swarm.ListNodesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (DockerApiException) when (DateTimeOffset.UtcNow < deadline)
                {
                }
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"this node did not become a manager of the swarm within {Patience.TotalSeconds:0}s (state {swarm?.LocalNodeState})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UntilStoppedAsync(string serviceId, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } };
        while (true)
        {
            var tasks = await home.Tasks.ListAsync(new TasksListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
            var running = tasks.Count(t => t.Status?.State is TaskState.Running or TaskState.Starting or TaskState.Preparing or TaskState.Assigned or TaskState.Accepted or TaskState.Ready);
            if (running == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"{running} task(s) of the writer {name} still run {Patience.TotalSeconds:0}s after it was scaled to 0");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<string> SurvivorDockerAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string[] engine = survivorDockerHost is { } host ? ["-H", host] : [];
        return survivor.RunAsync(["docker", .. engine, .. arguments], cancellationToken);
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
