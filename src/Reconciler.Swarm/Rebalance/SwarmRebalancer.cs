using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Model;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Verify;

namespace Reconciler.Swarm.Rebalance;

/// <summary>
/// Spreads the tasks of unbalanced services again: observes nodes, services and running tasks (three
/// list calls), decides with <see cref="Rebalancing"/>, and forces a rolling update of each unbalanced
/// service (ForceUpdate raised by one, as <c>docker service update --force</c> does), which
/// replaces its tasks as the service's own update_config says and lets the scheduler place them.
/// </summary>
public sealed class SwarmRebalancer(IDockerClient docker, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The swarm's nodes as the engine reports them now, by hostname.</summary>
    public async Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken cancellationToken) =>
        NodesOf(await docker.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>A decision for each service of <paramref name="stacks"/>; <paramref name="writers"/> are the datasets' writers as Swarm names them.</summary>
    public async Task<IReadOnlyList<RebalanceDecision>> DecideAsync(IReadOnlyCollection<string> stacks, IReadOnlySet<string> writers, CancellationToken cancellationToken)
    {
        var listed = await docker.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var nodes = NodesOf(listed);
        var placements = await PlacementsAsync(stacks, listed, cancellationToken).ConfigureAwait(false);
        return placements.Select(p => Rebalancing.Decide(p, nodes, writers)).ToList();
    }

    /// <summary>
    /// Forces a rolling update of each unbalanced service, waits for them to converge (within the
    /// longest convergenceTimeout of their stacks in <paramref name="state"/>), and says where their tasks run then.
    /// </summary>
    public async Task<IReadOnlyList<RebalancedService>> RebalanceAsync(IReadOnlyList<RebalanceDecision> decisions, DesiredState state, CancellationToken cancellationToken)
    {
        var unbalanced = decisions.Where(d => d.Unbalanced).ToList();
        if (unbalanced.Count == 0)
        {
            return [];
        }

        var services = unbalanced.Select(d => d.Placement.Service).ToList();
        var stacks = unbalanced.Select(d => d.Placement.Stack).Distinct().ToList();
        var timeout = state.Stacks.Where(s => stacks.Contains(s.Name)).Select(s => s.ConvergenceTimeout.Value).DefaultIfEmpty(StackManifest.DefaultConvergenceTimeout.Value).Max();
        var since = time.GetUtcNow();
        foreach (var name in services)
        {
            await ForceUpdateAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var convergence = await new ConvergenceWatcher(docker, time)
            .WaitAsync(services, services.ToHashSet(StringComparer.Ordinal), since, timeout, PollInterval, cancellationToken).ConfigureAwait(false);
        var listed = await docker.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var after = await PlacementsAsync(stacks, listed, cancellationToken).ConfigureAwait(false);
        return unbalanced.Select(d =>
        {
            var service = convergence.Services.FirstOrDefault(s => s.Service == d.Placement.Service);
            var now = after.FirstOrDefault(p => p.Service == d.Placement.Service)?.Describe(d.Eligible) ?? "not running";
            return new RebalancedService(d.Placement.Service, d.Placement.Describe(d.Eligible), now, service?.Converged == true, service?.Status ?? "not watched");
        }).ToList();
    }

    private async Task ForceUpdateAsync(string name, CancellationToken cancellationToken)
    {
        var live = await docker.Swarm.InspectServiceAsync(name, cancellationToken).ConfigureAwait(false);
        var spec = live.Spec!;
        spec.TaskTemplate!.ForceUpdate += 1;
        await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters { Service = spec, Version = (long)live.Version!.Index!.Value }, cancellationToken)
            .ConfigureAwait(false);
    }

    private static List<SwarmNode> NodesOf(IEnumerable<NodeListResponse> nodes) =>
        nodes.Where(n => n.Description?.Hostname is not null).Select(n => new SwarmNode(
            n.Description!.Hostname!,
            n.Spec?.Role == "manager" ? NodeRole.Manager : NodeRole.Worker,
            n.Spec?.Labels?.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            n.Status?.State ?? "unknown",
            n.Spec?.Availability ?? "active")).OrderBy(n => n.Hostname, StringComparer.Ordinal).ToList();

    private async Task<IReadOnlyList<ServicePlacement>> PlacementsAsync(IReadOnlyCollection<string> stacks, IEnumerable<NodeListResponse> nodes, CancellationToken cancellationToken)
    {
        if (stacks.Count == 0)
        {
            return [];
        }

        // Several label filters must all match, so the stacks are picked out here.
        var services = await docker.Swarm.ListServicesAsync(
            new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [StackNames.NamespaceLabel] = true } } },
            cancellationToken).ConfigureAwait(false);
        var tasks = await docker.Tasks.ListAsync(
            new TasksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["desired-state"] = new Dictionary<string, bool> { ["running"] = true } } },
            cancellationToken).ConfigureAwait(false);
        var hostnames = nodes.ToDictionary(n => n.ID, n => n.Description?.Hostname ?? n.ID, StringComparer.Ordinal);
        return services
            .Where(s => s.Spec?.Labels?.TryGetValue(StackNames.NamespaceLabel, out var stack) == true && stacks.Contains(stack))
            .Select(s => new ServicePlacement(
                s.Spec!.Name!,
                s.Spec.Labels![StackNames.NamespaceLabel],
                KindOf(s.Spec.Mode),
                s.Spec.TaskTemplate?.Placement?.Constraints?.ToList() ?? [],
                s.Spec.TaskTemplate?.Placement?.Preferences is { Count: > 0 },
                tasks.Where(t => t.ServiceID == s.ID && t.Status?.State == TaskState.Running && t.NodeID is not null)
                    .GroupBy(t => hostnames.GetValueOrDefault(t.NodeID!) ?? t.NodeID!)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)))
            .OrderBy(p => p.Service, StringComparer.Ordinal)
            .ToList();
    }

    private static ServiceKind KindOf(ServiceMode? mode) => mode switch
    {
        { Global: not null } => ServiceKind.Global,
        { ReplicatedJob: not null } or { GlobalJob: not null } => ServiceKind.Job,
        _ => ServiceKind.Replicated,
    };
}

/// <summary>A service whose tasks a rebalance spread again: where they ran before and after ("atlas 2, hermes 0"), and whether it converged.</summary>
public sealed record RebalancedService(string Service, string Before, string After, bool Converged, string Status);
