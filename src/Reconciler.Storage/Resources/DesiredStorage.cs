using Reconciler.Core.Model;
using Reconciler.Core.Resources;

namespace Reconciler.Storage.Resources;

/// <summary>The storage resources a repository declares: each Path on each of its nodes, and each Dataset on its node.</summary>
public static class DesiredStorage
{
    public static IReadOnlyList<Resource> From(DesiredState state)
    {
        var nodes = state.Cluster?.Nodes.Select(n => n.Name).ToList() ?? [];
        var paths = state.Paths.SelectMany(p => nodes.Where(p.IsOn).Select(n => (Directory: p.Path, Resource: StorageResource.DesiredPath(p, n))));
        var datasets = state.Datasets.Select(d => (Directory: d.Mountpoint, Resource: StorageResource.DesiredDataset(d)));
        var all = paths.Concat(datasets).ToList();
        return all.Select(r => r.Resource with { After = Containing(r.Directory, r.Resource.Key.Node, all) }).ToList();
    }

    public static IReadOnlyList<ManagedPath> PathsByNode(DesiredState state)
    {
        var nodes = state.Cluster?.Nodes.Select(n => n.Name).ToList() ?? [];
        return state.Paths.SelectMany(p => nodes.Where(p.IsOn).Select(n => new ManagedPath(n, p.Path))).Distinct().ToList();
    }

    /// <summary>
    /// On one node, a directory is made after those that contain it: a Path inside a Dataset's
    /// mountpoint after the dataset is created and mounted (made before, it would sit on the root
    /// filesystem, hidden by the mount), a Dataset mounted below a Path after the path.
    /// </summary>
    private static IReadOnlyList<ResourceKey> Containing(string directory, string? node, IEnumerable<(string Directory, Resource Resource)> all) =>
        all.Where(o => o.Resource.Key.Node == node && o.Directory.Length > 0 && o.Directory != directory && HostPath.IsUnder(directory, o.Directory))
            .Select(o => o.Resource.Key).ToList();
}
