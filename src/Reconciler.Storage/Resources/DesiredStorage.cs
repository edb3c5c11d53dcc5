using Reconciler.Core.Model;
using Reconciler.Core.Resources;

namespace Reconciler.Storage.Resources;

/// <summary>The storage resources a repository declares: each Path on each of its nodes, and each Dataset on its node.</summary>
public static class DesiredStorage
{
    public static IReadOnlyList<Resource> From(DesiredState state)
    {
        var nodes = state.Cluster?.Nodes.Select(n => n.Name).ToList() ?? [];
        var paths = state.Paths.SelectMany(p => nodes.Where(p.IsOn).Select(n => StorageResource.DesiredPath(p, n)));
        return paths.Concat(state.Datasets.Select(StorageResource.DesiredDataset)).ToList();
    }

    public static IReadOnlyList<ManagedPath> PathsByNode(DesiredState state)
    {
        var nodes = state.Cluster?.Nodes.Select(n => n.Name).ToList() ?? [];
        return state.Paths.SelectMany(p => nodes.Where(p.IsOn).Select(n => new ManagedPath(n, p.Path))).Distinct().ToList();
    }
}
