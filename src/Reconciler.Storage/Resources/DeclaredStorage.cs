using System.Text.Json.Nodes;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;

namespace Reconciler.Storage.Resources;

/// <summary>
/// Everything a repository declares about storage, for comparing two commits (`diff`): the
/// resources plan compares with the nodes, plus what no observation of a node can confirm: a
/// Path's recursive ownership, each Dataset's snapshot schedule and each Replication. Plan
/// leaves those out (the live side has nothing to compare them with; the storage cycle carries
/// them out), but a reviewer must see every one of them change.
/// </summary>
public static class DeclaredStorage
{
    public static IReadOnlyList<Resource> From(DesiredState state) =>
        DesiredStorage.From(state).Select(WithRecursive)
            .Concat(state.Datasets.Where(d => d.Snapshots is not null).Select(Schedule))
            .Concat(state.Replications.Select(Replication))
            .ToList();

    private static Resource WithRecursive(Resource resource)
    {
        if (resource.Payload is not StoragePayload.Path path)
        {
            return resource;
        }

        var properties = (JsonObject)resource.Properties.DeepClone();
        properties["recursive"] = path.Manifest.Recursive;
        return resource with { Properties = properties };
    }

    private static Resource Schedule(DatasetManifest dataset) => new(
        new ResourceKey(StorageKinds.SnapshotPolicy, dataset.Name, dataset.Node),
        new JsonObject
        {
            ["every"] = dataset.Snapshots!.Every.Text,
            ["keep"] = dataset.Snapshots.Keep.Text,
            ["prefix"] = dataset.Snapshots.Prefix,
        },
        // Prune: a schedule that left the repository is gone (no more snapshots are taken), not left alone.
        new ResourceOwner(OwnerKind.Dataset, dataset.Name, Prune: true, dataset.Source.Locate("/spec/snapshots")));

    private static Resource Replication(ReplicationManifest replication) => new(
        new ResourceKey(StorageKinds.Replication, replication.Name, replication.TargetNode),
        new JsonObject
        {
            ["source"] = replication.SourceDataset,
            ["target"] = new JsonObject { ["node"] = replication.TargetNode, ["dataset"] = replication.TargetDataset },
            ["every"] = replication.Every.Text,
            ["maxLag"] = replication.MaxLag?.Text,
            ["keep"] = replication.Keep?.Text,
            ["force"] = replication.Force,
        },
        new ResourceOwner(OwnerKind.Replication, replication.Name, Prune: true, replication.Source.Locate("/metadata/name")));
}
