using System.Text.Json.Nodes;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Core.Loading;

/// <summary>
/// Binds a manifest document to its typed model, leniently: fields the schema check already
/// reported come out empty rather than failing, so later rules still run on the rest.
/// </summary>
internal static class ManifestBinder
{
    public static Manifest? Bind(string kind, string name, SourceDocument document)
    {
        var spec = JsonRead.Object(document.Root, "spec");
        return kind switch
        {
            "Cluster" => BindCluster(name, document, spec),
            "Stack" => new StackManifest(name, document,
                JsonRead.String(spec, "compose") ?? string.Empty,
                JsonRead.Boolean(spec, "prune") ?? false,
                JsonRead.String(spec, "convergenceTimeout") is { } timeout ? Duration.Read(timeout) : StackManifest.DefaultConvergenceTimeout,
                JsonRead.ScalarMap(spec, "variables"))
            {
                VariablesFile = JsonRead.String(spec, "variablesFile"),
                Rebalance = JsonRead.Boolean(spec, "rebalance") ?? false,
            },
            "Path" => new PathManifest(name, document,
                JsonRead.String(spec, "path") ?? string.Empty,
                JsonRead.Integer(spec, "owner") ?? 0,
                JsonRead.Integer(spec, "group") ?? 0,
                JsonRead.String(spec, "mode") ?? "0755",
                JsonRead.Strings(spec, "nodes"),
                JsonRead.Boolean(spec, "recursive") ?? false),
            "Dataset" => new DatasetManifest(name, document,
                JsonRead.String(spec, "node") ?? string.Empty,
                JsonRead.String(spec, "mountpoint") ?? string.Empty,
                JsonRead.Integer(spec, "owner") ?? 0,
                JsonRead.Integer(spec, "group") ?? 0,
                JsonRead.String(spec, "mode") ?? "0755",
                JsonRead.ScalarMap(spec, "properties"),
                JsonRead.String(spec, "writer"),
                BindSnapshots(JsonRead.Object(spec, "snapshots")))
            {
                Guard = StateNames.Parse<WriterGuard>(JsonRead.String(spec, "guard") ?? string.Empty) ?? WriterGuard.Alert,
            },
            "Replication" => new ReplicationManifest(name, document,
                JsonRead.String(spec, "source") ?? string.Empty,
                JsonRead.String(JsonRead.Object(spec, "target"), "node") ?? string.Empty,
                JsonRead.String(JsonRead.Object(spec, "target"), "dataset") ?? string.Empty,
                Duration.Read(JsonRead.String(spec, "every") ?? string.Empty),
                JsonRead.String(spec, "maxLag") is { } maxLag ? Duration.Read(maxLag) : null,
                JsonRead.String(spec, "keep") is { } keep ? RetentionGrid.Read(keep) : null,
                JsonRead.Boolean(spec, "force") ?? false),
            _ => null,
        };
    }

    private static ClusterManifest BindCluster(string name, SourceDocument document, JsonObject? spec)
    {
        var nodes = new List<ClusterNode>();
        var list = JsonRead.Array(spec, "nodes") ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var node = list[i];
            var role = JsonRead.String(node, "role") switch
            {
                "manager" => NodeRole.Manager,
                "worker" => NodeRole.Worker,
                _ => NodeRole.Unknown,
            };
            nodes.Add(new ClusterNode(
                JsonRead.String(node, "name") ?? string.Empty,
                role,
                JsonRead.String(node, "address") ?? "local",
                JsonRead.ScalarMap(node, "labels"),
                JsonPointers.Child("/spec/nodes", i)));
        }

        var policy = JsonRead.Object(spec, "policy");
        return new ClusterManifest(name, document, nodes,
            new Policy(
                JsonRead.Array(policy, "bindRoots") is null ? Policy.DefaultBindRoots : JsonRead.Strings(policy, "bindRoots"),
                JsonRead.Boolean(policy, "allowPrivileged") ?? false,
                JsonRead.Boolean(policy, "allowDockerSocket") ?? false)
            {
                StorageRoots = JsonRead.Array(policy, "storageRoots") is null ? null : JsonRead.Strings(policy, "storageRoots"),
                AllowShares = JsonRead.Boolean(policy, "allowShares") ?? false,
                AllowHostNetwork = JsonRead.Boolean(policy, "allowHostNetwork") ?? false,
                AllowHostNamespaces = JsonRead.Boolean(policy, "allowHostNamespaces") ?? false,
                AllowUnconfined = JsonRead.Boolean(policy, "allowUnconfined") ?? false,
                AllowHostSysctls = JsonRead.Boolean(policy, "allowHostSysctls") ?? false,
                RequireEncryptedSecrets = JsonRead.String(JsonRead.Object(policy, "secrets"), "encrypted") == "required",
            },
            JsonRead.Boolean(spec, "prune") ?? false);
    }

    private static SnapshotSpec? BindSnapshots(JsonObject? snapshots) => snapshots is null
        ? null
        : new SnapshotSpec(
            Duration.Read(JsonRead.String(snapshots, "every") ?? string.Empty),
            RetentionGrid.Read(JsonRead.String(snapshots, "keep") ?? string.Empty),
            JsonRead.String(snapshots, "prefix") ?? SnapshotSpec.DefaultPrefix);
}
