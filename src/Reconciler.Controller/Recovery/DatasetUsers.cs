using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Model;
using Reconciler.Swarm.Verify;

namespace Reconciler.Controller.Recovery;

/// <summary>A running container that mounts a dataset's mountpoint or something under it; Service is its Swarm service, if any.</summary>
public sealed record MountHolder(string Container, string? Service, string Source)
{
    public override string ToString() => Service is null ? $"container {Container} mounts {Source}" : $"container {Container} of service {Service} mounts {Source}";
}

/// <summary>
/// The containers that use a dataset, and the services among them stopped for a restore and
/// started again. Containers are read from the engine when it runs on the dataset's node (all of
/// them, Swarm's or not); otherwise from the swarm's tasks on that node, which misses containers
/// started by hand there (the result says so).
/// </summary>
public sealed class DatasetUsers(IDockerClient docker, TimeProvider time)
{
    /// <summary>Swarm's label on a task's container.</summary>
    private const string ServiceLabel = "com.docker.swarm.service.name";

    /// <summary>Who mounts the mountpoint now, and whether containers outside Swarm could be seen.</summary>
    public async Task<(IReadOnlyList<MountHolder> Holders, bool AllContainers)> HoldersAsync(string node, string mountpoint, CancellationToken cancellationToken)
    {
        var info = await docker.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false);
        if (info.Name == node)
        {
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken).ConfigureAwait(false);
            return (containers
                .SelectMany(c => (c.Mounts ?? []).Where(m => Under(m.Source, mountpoint)).Select(m => new MountHolder(
                    c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12], c.Labels?.TryGetValue(ServiceLabel, out var service) == true ? service : null, m.Source!)))
                .ToList(), true);
        }

        var nodeId = (await docker.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Description?.Hostname == node)?.ID;
        var services = (await docker.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.ID, s => s.Spec?.Name, StringComparer.Ordinal);
        var tasks = await docker.Tasks.ListAsync(new TasksListParameters(), cancellationToken).ConfigureAwait(false);
        return (tasks
            .Where(t => t.NodeID == nodeId && t.Status?.State is TaskState.Running or TaskState.Starting or TaskState.Preparing or TaskState.Ready)
            .SelectMany(t => (t.Spec?.ContainerSpec?.Mounts ?? []).Where(m => Under(m.Source, mountpoint)).Select(m => new MountHolder(
                $"task {t.ID[..12]}", t.ServiceID is { } id ? services.GetValueOrDefault(id) : null, m.Source!)))
            .ToList(), false);
    }

    /// <summary>The service's replicas now, or null when it is not deployed.</summary>
    public async Task<ulong?> ReplicasAsync(string service, CancellationToken cancellationToken) =>
        (await FindAsync(service, cancellationToken).ConfigureAwait(false))?.Spec?.Mode?.Replicated?.Replicas;

    /// <summary>Sets a replicated service's replicas (nothing else of its spec changes).</summary>
    public async Task ScaleAsync(string service, ulong replicas, CancellationToken cancellationToken)
    {
        if (await FindAsync(service, cancellationToken).ConfigureAwait(false) is not { Spec.Mode.Replicated: { } replicated } found || replicated.Replicas == replicas)
        {
            return;
        }

        var live = await docker.Swarm.InspectServiceAsync(found.ID, cancellationToken).ConfigureAwait(false);
        live.Spec!.Mode!.Replicated!.Replicas = replicas;
        await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters { Service = live.Spec, Version = (long)live.Version!.Index!.Value }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Waits until only <paramref name="others"/> (not being stopped) still mount it, or the time is up; returns who still does.</summary>
    public async Task<IReadOnlyList<MountHolder>> WaitReleasedAsync(
        string node, string mountpoint, IReadOnlySet<string> stopping, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        while (true)
        {
            var (holders, _) = await HoldersAsync(node, mountpoint, cancellationToken).ConfigureAwait(false);
            if (!holders.Any(h => h.Service is not null && stopping.Contains(h.Service)) || time.GetUtcNow() - started >= timeout)
            {
                return holders;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the services run their tasks, healthy, for Swarm's stability window (as an apply verifies them).</summary>
    public Task<ConvergenceReport> WaitHealthyAsync(IReadOnlyCollection<string> services, TimeSpan timeout, CancellationToken cancellationToken) =>
        new ConvergenceWatcher(docker, time).WaitAsync(services, new HashSet<string>(), time.GetUtcNow(), timeout, TimeSpan.FromSeconds(1), cancellationToken);

    private async Task<SwarmService?> FindAsync(string service, CancellationToken cancellationToken) =>
        (await docker.Swarm.ListServicesAsync(new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [service] = true } } }, cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault(s => s.Spec?.Name == service);

    private static bool Under(string? source, string mountpoint) => source is not null && HostPath.IsUnder(source, mountpoint);
}
