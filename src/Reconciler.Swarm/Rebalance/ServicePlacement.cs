using Reconciler.Core.Model;

namespace Reconciler.Swarm.Rebalance;

/// <summary>A live Swarm node as the engine reports it (state: ready, down, unknown, disconnected; availability: active, pause, drain).</summary>
public sealed record SwarmNode(string Hostname, NodeRole Role, IReadOnlyDictionary<string, string> Labels, string State, string Availability)
{
    /// <summary>Only a ready node with availability active takes new tasks.</summary>
    public bool Schedulable => State == "ready" && Availability == "active";
}

public enum ServiceKind
{
    Replicated,
    Global,
    Job,
}

/// <summary>A service of a stack, what limits where it may run, and how many of its tasks run on each node (by hostname).</summary>
public sealed record ServicePlacement(
    string Service, string Stack, ServiceKind Kind, IReadOnlyList<string> Constraints, bool HasPreferences, IReadOnlyDictionary<string, int> Running)
{
    /// <summary>"atlas 2, hermes 0" for the given nodes (those it may run on), then any other node it still runs on.</summary>
    public string Describe(IEnumerable<string> nodes)
    {
        var shown = nodes.Concat(Running.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return string.Join(", ", shown.Select(n => $"{n} {Running.GetValueOrDefault(n)}"));
    }
}

/// <summary>Whether a service's tasks are spread as evenly as the nodes it may run on allow, and why it is (or is left) as it is.</summary>
public sealed record RebalanceDecision(ServicePlacement Placement, IReadOnlyList<string> Eligible, bool Unbalanced, string Reason);
