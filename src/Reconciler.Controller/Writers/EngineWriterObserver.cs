using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Ports;
using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Writers;

/// <summary>
/// The writer check's eyes on the engines: this node's (the Cluster node whose address is
/// "local") through the controller's Docker client, one container list per cycle; another node's
/// through its shell with its docker CLI (at <paramref name="remoteDockerHost"/>, the worker's
/// engine as standby.workerDockerHost names it), asked only when a dataset lives there or a copy
/// there is mounted. Running tasks come from one service list with their status.
/// </summary>
public sealed class EngineWriterObserver(IDockerClient docker, ClusterNodes nodes, string? remoteDockerHost) : IWriterObserver
{
    public async Task<WriterObservation> ObserveAsync(DesiredState state, IReadOnlyCollection<string> names, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var containers = new List<RunningContainer>();
        var observed = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var name in names)
        {
            if (!IsLocal(state, name) && !nodes.Of(state).Contains(name))
            {
                errors.Add($"cannot list the containers on {name}: it is not in the Cluster manifest");
                continue;
            }

            try
            {
                containers.AddRange(IsLocal(state, name)
                    ? await LocalAsync(name, cancellationToken).ConfigureAwait(false)
                    : ContainerListing.Parse(name, await nodes.Of(state)[name].RunAsync(ContainerListing.Command(remoteDockerHost), cancellationToken).ConfigureAwait(false)));
                observed.Add(name);
            }
            catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e) || e is NodeCommandException or JsonException)
            {
                errors.Add($"cannot list the containers on {name}: {e.Message}");
            }
        }

        var tasks = new Dictionary<string, int>(StringComparer.Ordinal);
        if (services.Count > 0)
        {
            try
            {
                // One call for all: the name filter matches prefixes, so the names are compared here.
                var listed = await docker.Swarm.ListServicesAsync(
                    new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = services.ToDictionary(s => s, _ => true) }, Status = true },
                    cancellationToken).ConfigureAwait(false);
                foreach (var service in listed)
                {
                    if (service.Spec?.Name is { } name && services.Contains(name))
                    {
                        tasks[name] = (int)(service.ServiceStatus?.RunningTasks ?? 0);
                    }
                }
            }
            catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e))
            {
                errors.Add($"cannot count the writers' tasks: {e.Message}");
            }
        }

        return new WriterObservation(containers, observed, tasks, errors);
    }

    public async Task<string?> StopAsync(DesiredState state, RunningContainer container, CancellationToken cancellationToken)
    {
        if (!IsLocal(state, container.Node) && !nodes.Of(state).Contains(container.Node))
        {
            return $"{container.Node} is not in the Cluster manifest";
        }

        try
        {
            if (IsLocal(state, container.Node))
            {
                await docker.Containers.StopContainerAsync(container.Id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await nodes.Of(state)[container.Node].RunAsync(ContainerListing.Stop(remoteDockerHost, container.Id), cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e) || e is NodeCommandException)
        {
            return e.Message;
        }
    }

    /// <summary>The controller's own node: its Docker client is that node's engine.</summary>
    private static bool IsLocal(DesiredState state, string node) => state.Cluster?.FindNode(node) is { IsLocal: true };

    private async Task<IEnumerable<RunningContainer>> LocalAsync(string node, CancellationToken cancellationToken)
    {
        var listed = await docker.Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken).ConfigureAwait(false);
        return listed.Select(c => new RunningContainer(
            node,
            c.ID,
            c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12],
            c.Labels?.TryGetValue(RunningContainer.ServiceLabel, out var service) == true ? service : null,
            c.Mounts?.Select(m => new ContainerMount(m.Source ?? string.Empty, m.RW)).ToList() ?? []));
    }
}
