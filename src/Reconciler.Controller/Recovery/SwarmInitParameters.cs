using Docker.DotNet;
using Docker.DotNet.Models;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// What `docker swarm init` on the worker needs to recreate a swarm compatible with the manager's:
/// the worker's own address (a worker cannot take over the old swarm: it must leave it and init a
/// new one, checked on the lab), the address pool overlay networks come from (so they get the same
/// subnets), the data path port, and the cluster settings the manager's swarm was given.
/// </summary>
public sealed record SwarmInitParameters(
    string Manager,
    string ManagerAddress,
    string Worker,
    string AdvertiseAddress,
    IReadOnlyList<string> DefaultAddressPool,
    uint SubnetSize,
    uint DataPathPort,
    long? TaskHistoryRetentionLimit,
    TimeSpan? DispatcherHeartbeat,
    TimeSpan? CertificateExpiry,
    bool AutoLock)
{
    /// <summary>The Engine API request that inits the new swarm on the worker, with the old swarm's settings.</summary>
    public Docker.DotNet.Models.SwarmInitParameters Request() => new()
    {
        AdvertiseAddr = AdvertiseAddress,
        ListenAddr = $"{AdvertiseAddress}:2377",
        DefaultAddrPool = DefaultAddressPool.ToList(),
        SubnetSize = DefaultAddressPool.Count > 0 ? SubnetSize : 0,
        DataPathPort = DataPathPort,
        Spec = new Spec
        {
            Orchestration = new OrchestrationConfig { TaskHistoryRetentionLimit = TaskHistoryRetentionLimit },
            Dispatcher = new DispatcherConfig { HeartbeatPeriod = DispatcherHeartbeat },
            CAConfig = new CAConfig { NodeCertExpiry = CertificateExpiry },
            EncryptionConfig = new EncryptionConfig { AutoLockManagers = AutoLock },
        },
    };

    /// <summary>Reads the manager's swarm and the worker's address as the swarm knows it.</summary>
    public static async Task<SwarmInitParameters> ObserveAsync(IDockerClient docker, string worker, CancellationToken cancellationToken)
    {
        var swarm = await docker.Swarm.InspectSwarmAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await docker.Swarm.ListNodesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var leader = nodes.FirstOrDefault(n => n.ManagerStatus?.Leader == true)
            ?? throw new InvalidOperationException("the swarm has no leader: the standby is written from the manager");
        var target = nodes.FirstOrDefault(n => n.Description?.Hostname == worker)
            ?? throw new InvalidOperationException($"node {worker} is not in the swarm, so its address for a new swarm is unknown");
        var spec = swarm.Spec;
        return new SwarmInitParameters(
            leader.Description!.Hostname!,
            HostOf(leader.ManagerStatus!.Addr!),
            worker,
            target.Status?.Addr ?? throw new InvalidOperationException($"the swarm has no address for node {worker}"),
            swarm.DefaultAddrPool?.ToList() ?? [],
            swarm.SubnetSize,
            swarm.DataPathPort,
            spec?.Orchestration?.TaskHistoryRetentionLimit,
            spec?.Dispatcher?.HeartbeatPeriod,
            spec?.CAConfig?.NodeCertExpiry,
            spec?.EncryptionConfig?.AutoLockManagers ?? false);
    }

    /// <summary>"10.0.0.1:2377" → 2377; "[fd00::1]:2377" → 2377; no port → <paramref name="otherwise"/>.</summary>
    public static int PortOf(string address, int otherwise) =>
        HostOf(address) is var host && host.Length < address.Length
            && int.TryParse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : otherwise;

    /// <summary>"10.0.0.1:2377" → "10.0.0.1"; "[fd00::1]:2377" → "fd00::1".</summary>
    public static string HostOf(string address) =>
        address.StartsWith('[') ? address[1..address.IndexOf(']', StringComparison.Ordinal)]
        : address.LastIndexOf(':') is var colon and > 0 && address.IndexOf(':', StringComparison.Ordinal) == colon ? address[..colon]
        : address;
}
