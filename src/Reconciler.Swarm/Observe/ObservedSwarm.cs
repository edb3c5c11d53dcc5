using Docker.DotNet.Models;
using Reconciler.Core.Resources;

namespace Reconciler.Swarm.Observe;

/// <summary>The live Swarm as one cycle saw it: managed resources plus the IDs apply needs.</summary>
public sealed record ObservedSwarm(
    IReadOnlyList<Resource> Resources,
    IReadOnlyDictionary<string, SwarmService> Services,
    IReadOnlyDictionary<string, string> NetworkIds,
    IReadOnlyDictionary<string, string> ConfigIds,
    IReadOnlyDictionary<string, string> SecretIds,
    IReadOnlyDictionary<string, NodeListResponse> Nodes)
{
    /// <summary>The content hash label of live configs and secrets that carry one (those kept under an explicit name).</summary>
    public IReadOnlyDictionary<ResourceKey, string> Contents { get; init; } = new Dictionary<ResourceKey, string>();
}
