using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Paths;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Resources;

/// <summary>
/// Observe: on each node that holds declared storage, one `zfs get` (datasets and snapshots)
/// and one `stat` (paths and dataset mountpoints), all nodes at once. What cannot be managed
/// safely (a symlink where a directory belongs, a dataset not marked as ours) becomes an error.
/// </summary>
public sealed class StorageObserver(StorageNodes nodes)
{
    public async Task<ObservedStorage> ObserveAsync(DesiredState state, IReadOnlyCollection<ManagedPath> remembered, CancellationToken cancellationToken)
    {
        // A path remembered on a node the Cluster no longer names cannot be reached: it is an
        // orphan on an unknown node, shown but never probed or touched.
        var knownPaths = remembered.Where(p => nodes.Contains(p.Node)).ToList();
        var stranded = remembered.Where(p => !nodes.Contains(p.Node)).ToList();
        var wanted = DesiredStorage.PathsByNode(state);
        var zfsNodes = state.Datasets.Select(d => d.Node)
            .Concat(state.Replications.Select(r => r.TargetNode))
            .ToHashSet(StringComparer.Ordinal);
        var pathNodes = wanted.Select(p => p.Node).Concat(knownPaths.Select(p => p.Node)).Concat(zfsNodes).ToHashSet(StringComparer.Ordinal);

        var views = await Task.WhenAll(pathNodes.Order(StringComparer.Ordinal).Select(async name =>
        {
            var node = nodes[name];
            try
            {
                var probe = wanted.Where(p => p.Node == name).Select(p => p.Path)
                    .Concat(knownPaths.Where(p => p.Node == name).Select(p => p.Path))
                    .Concat(state.Datasets.Where(d => d.Node == name).Select(d => d.Mountpoint))
                    .Distinct(StringComparer.Ordinal).ToList();
                var paths = probe.Count == 0 ? new Dictionary<string, PathState>() : await ProbeAsync(node, probe, cancellationToken).ConfigureAwait(false);
                if (!zfsNodes.Contains(name))
                {
                    return new NodeView(name, paths, null, null, null);
                }

                var features = await node.FeaturesAsync(cancellationToken).ConfigureAwait(false);
                var declared = state.Datasets.Where(d => d.Node == name).SelectMany(d => d.Properties.Keys);
                var inventory = await node.InventoryAsync(declared, null, cancellationToken).ConfigureAwait(false);
                return new NodeView(name, paths, inventory, features, null);
            }
            catch (NodeCommandException e)
            {
                return new NodeView(name, new Dictionary<string, PathState>(), null, null, e.Message);
            }
        })).ConfigureAwait(false);

        var observed = Build(state, wanted, knownPaths, views.ToDictionary(v => v.Node, StringComparer.Ordinal));
        return observed with { Live = [.. observed.Live, .. stranded.Select(Stranded)] };
    }

    private static Resource Stranded(ManagedPath path) => new(
        new ResourceKey(StorageKinds.Path, path.Path, path.Node),
        new System.Text.Json.Nodes.JsonObject(),
        new ResourceOwner(OwnerKind.Storage, null, Prune: false)
        {
            OrphanAdvice = $"on node {path.Node}, which is not in the Cluster manifest any more; left alone (remove it by hand on that machine if nothing needs it)",
        });

    private static async Task<IReadOnlyDictionary<string, PathState>> ProbeAsync(StorageNode node, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        // stat exits 1 when some path is missing and still prints the others.
        var result = await node.Shell.RunAsync(PathProbe.Command(paths), cancellationToken).ConfigureAwait(false);
        return result.ExitCode is 0 or 1
            ? PathProbe.Parse(paths, result.Output)
            : throw new NodeCommandException(node.Name, PathProbe.Command(paths), result);
    }

    private static ObservedStorage Build(
        DesiredState state, IReadOnlyList<ManagedPath> wanted, IReadOnlyCollection<ManagedPath> knownPaths, IReadOnlyDictionary<string, NodeView> views)
    {
        var live = new List<Resource>();
        var errors = views.Values.Where(v => v.Error is not null).Select(v => $"cannot observe node {v.Node}: {v.Error}").ToList();

        foreach (var path in wanted.Concat(knownPaths).Distinct())
        {
            var desired = wanted.Contains(path);
            if (!views.TryGetValue(path.Node, out var view) || !view.Paths.TryGetValue(path.Path, out var seen))
            {
                continue;
            }

            if (seen.Kind == PathKind.Other && desired)
            {
                errors.Add($"path {path.Path} on {path.Node} is a {seen.Type}, not a directory; reconciler never follows, replaces or changes it (make it a directory, or change the Path)");
            }
            else if (seen.Kind == PathKind.Directory)
            {
                live.Add(new Resource(
                    new ResourceKey(StorageKinds.Path, path.Path, path.Node),
                    StorageResource.Ownership(seen.Owner, seen.Group, seen.Mode),
                    desired ? new ResourceOwner(OwnerKind.Path, null, Prune: false) : Orphaned("directory")));
            }
        }

        foreach (var view in views.Values.Where(v => v.Inventory is not null))
        {
            AddDatasets(state, view, live, errors);
        }

        return new ObservedStorage(live, errors);
    }

    private static void AddDatasets(DesiredState state, NodeView view, List<Resource> live, List<string> errors)
    {
        var inventory = view.Inventory!;
        foreach (var dataset in state.Datasets.Where(d => d.Node == view.Node))
        {
            foreach (var (property, value) in dataset.Properties)
            {
                if (view.Features!.Unsupported(property, value) is { } why)
                {
                    errors.Add($"dataset {dataset.Name} on {view.Node}: {why}");
                }
            }

            if (inventory.Exists(dataset.Name) && !inventory.IsManaged(dataset.Name))
            {
                errors.Add($"dataset {dataset.Name} on {view.Node} exists but reconciler did not create it, so it will not touch it; "
                    + $"to hand it over, run `zfs set {ZfsProperty.Managed}=true {dataset.Name}` on {view.Node}");
            }
        }

        foreach (var name in inventory.ManagedDatasets)
        {
            var declared = state.Datasets.FirstOrDefault(d => d.Name == name && d.Node == view.Node);
            var mountpoint = inventory.Get(name, "mountpoint")!;
            var properties = new System.Text.Json.Nodes.JsonObject();
            if (declared is not null && view.Paths.TryGetValue(declared.Mountpoint, out var root) && root.Kind == PathKind.Directory
                && inventory.Get(name, "mounted") == "yes" && mountpoint == declared.Mountpoint)
            {
                properties = StorageResource.Ownership(root.Owner, root.Group, root.Mode);
            }

            properties["mountpoint"] = mountpoint;
            properties["properties"] = StorageResource.Properties((declared?.Properties.Keys ?? [])
                .Select(p => KeyValuePair.Create(p, ZfsProperty.Normalize(p, inventory.Get(name, p)!))));
            live.Add(new Resource(
                new ResourceKey(StorageKinds.Dataset, name, view.Node),
                properties,
                declared is null ? Orphaned("dataset") : new ResourceOwner(OwnerKind.Dataset, name, Prune: false)));
        }
    }

    private static ResourceOwner Orphaned(string what) => new(OwnerKind.Storage, null, Prune: false)
    {
        OrphanAdvice = StorageResource.NeverDeleted(what),
    };

    private sealed record NodeView(
        string Node, IReadOnlyDictionary<string, PathState> Paths, ZfsInventory? Inventory, ZfsFeatures? Features, string? Error);
}

/// <summary>What observation found: live resources and what blocks a plan.</summary>
public sealed record ObservedStorage(IReadOnlyList<Resource> Live, IReadOnlyList<string> Errors);
