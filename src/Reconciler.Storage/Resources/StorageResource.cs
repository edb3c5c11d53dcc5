using System.Text.Json.Nodes;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Resources;

/// <summary>Builds path and dataset resources; desired and observed ones share these shapes so the diff compares like with like.</summary>
public static class StorageResource
{
    public static string Mode(string mode) => mode.TrimStart('0').PadLeft(3, '0').PadLeft(4, '0');

    public static JsonObject Ownership(long owner, long group, string mode) => new()
    {
        ["owner"] = owner,
        ["group"] = group,
        ["mode"] = Mode(mode),
    };

    public static Resource DesiredPath(PathManifest path, string node) => new(
        new ResourceKey(StorageKinds.Path, path.Path, node),
        Ownership(path.Owner, path.Group, path.Mode),
        new ResourceOwner(OwnerKind.Path, path.Name, Prune: false, path.Source.Locate("/spec/path")) { OrphanAdvice = NeverDeleted("directory") })
    {
        Payload = new StoragePayload.Path(path),
    };

    public static Resource DesiredDataset(DatasetManifest dataset)
    {
        var properties = Ownership(dataset.Owner, dataset.Group, dataset.Mode);
        properties["mountpoint"] = dataset.Mountpoint;
        properties["properties"] = Properties(dataset.Properties.Select(p => KeyValuePair.Create(p.Key, ZfsProperty.Normalize(p.Key, p.Value))));
        return new Resource(
            new ResourceKey(StorageKinds.Dataset, dataset.Name, dataset.Node),
            properties,
            new ResourceOwner(OwnerKind.Dataset, dataset.Name, Prune: false, dataset.Source.Locate("/metadata/name")) { OrphanAdvice = NeverDeleted("dataset") })
        {
            Payload = new StoragePayload.Dataset(dataset),
        };
    }

    /// <summary>What a plan says about a directory or dataset that left the repository.</summary>
    public static string NeverDeleted(string what) =>
        $"not in the repository any more; left alone, because reconciler never deletes a {what} (remove it by hand if nothing needs it)";

    public static JsonObject Properties(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var tree = new JsonObject();
        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            tree[name] = value;
        }

        return tree;
    }
}
