using Reconciler.Core.Compose;

namespace Reconciler.Core.Model;

/// <summary>Everything a repository declares, bound from its manifests and compose files.</summary>
public sealed record DesiredState(
    ClusterManifest? Cluster,
    IReadOnlyList<StackManifest> Stacks,
    IReadOnlyList<PathManifest> Paths,
    IReadOnlyList<DatasetManifest> Datasets,
    IReadOnlyList<ReplicationManifest> Replications,
    IReadOnlyDictionary<string, ComposeFile> Compose)
{
    /// <summary>Cluster manifests beyond the first: always an error, kept so validation can point at them.</summary>
    public IReadOnlyList<ClusterManifest> ExtraClusters { get; init; } = [];

    public IEnumerable<Manifest> Manifests =>
        ((IEnumerable<Manifest>)Stacks).Concat(Paths).Concat(Datasets).Concat(Replications).Prepend(Cluster).OfType<Manifest>();

    /// <summary>The compose file of a stack, when it exists and parsed.</summary>
    public ComposeFile? ComposeOf(StackManifest stack) => Compose.GetValueOrDefault(stack.Name);
}
