using Reconciler.Core.Compose;
using Reconciler.Core.Model;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Rebalance;

/// <summary>
/// Which services to spread again. Swarm places new tasks on the nodes with the fewest of the
/// service's tasks, but never moves running ones: after a node was lost and came back, the tasks
/// it had stay piled on the others. A replicated service is unbalanced when two nodes it may run on
/// differ by more than one of its running tasks. Only what can be decided safely is touched:
/// never a dataset's writer (pinned where its data is), global services and jobs, services with
/// placement preferences (their spread is the one they asked for) or with a constraint on
/// something other than node.hostname, node.role or node.labels.
/// </summary>
public static class Rebalancing
{
    public static RebalanceDecision Decide(ServicePlacement service, IReadOnlyList<SwarmNode> nodes, IReadOnlySet<string> writers)
    {
        if (service.Kind != ServiceKind.Replicated)
        {
            return Leave(service, service.Kind == ServiceKind.Global ? "global: one task per node already" : "a job: its tasks run to completion");
        }

        if (writers.Contains(service.Service))
        {
            return Leave(service, "the writer of a dataset: it stays where its data is");
        }

        if (service.HasPreferences)
        {
            return Leave(service, "has placement preferences: the scheduler spreads it as they ask");
        }

        var constraints = new List<PlacementConstraint>();
        foreach (var text in service.Constraints)
        {
            if (PlacementConstraint.Parse(text) is not { IsEvaluable: true } constraint)
            {
                return Leave(service, $"constraint '{text}' cannot be evaluated here");
            }

            constraints.Add(constraint);
        }

        var eligible = nodes.Where(n => n.Schedulable && constraints.All(c => c.Allows(n.Hostname, n.Role, n.Labels)))
            .Select(n => n.Hostname).Order(StringComparer.Ordinal).ToList();
        if (eligible.Count < 2)
        {
            return new RebalanceDecision(service, eligible, false, $"{eligible.Count} ready node(s) may run it");
        }

        var busiest = eligible.MaxBy(n => service.Running.GetValueOrDefault(n))!;
        var idlest = eligible.MinBy(n => service.Running.GetValueOrDefault(n))!;
        var (most, least) = (service.Running.GetValueOrDefault(busiest), service.Running.GetValueOrDefault(idlest));
        return most - least > 1
            ? new RebalanceDecision(service, eligible, true, $"{most} task(s) on {busiest}, {least} on {idlest}")
            : new RebalanceDecision(service, eligible, false, "balanced");
    }

    /// <summary>The Swarm names of the services the repository's Datasets name as their writers.</summary>
    public static IReadOnlySet<string> WritersOf(DesiredState state) =>
        state.Datasets.Select(d => d.Writer?.Split('/')).OfType<string[]>().Where(w => w.Length == 2)
            .Select(w => StackNames.Scope(w[0], w[1])).ToHashSet(StringComparer.Ordinal);

    private static RebalanceDecision Leave(ServicePlacement service, string reason) => new(service, [], false, reason);
}
