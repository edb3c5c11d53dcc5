using System.Text.Json.Nodes;
using Reconciler.Core.Model;

namespace Reconciler.Core.Resources;

/// <summary>
/// The Cluster's policy (and prune switch) as a resource, for comparing two commits: no node
/// holds it, so plan never sees it, but a pull request that loosens it (allowPrivileged,
/// allowShares, a wider root) changes what every other manifest may do, and a reviewer must see that.
/// </summary>
public static class PolicyResource
{
    public const string Kind = "policy";

    public static Resource From(ClusterManifest cluster) => new(
        new ResourceKey(Kind, cluster.Name),
        new JsonObject
        {
            ["bindRoots"] = Strings(cluster.Policy.BindRoots),
            ["storageRoots"] = Strings(cluster.Policy.EffectiveStorageRoots),
            ["allowPrivileged"] = cluster.Policy.AllowPrivileged,
            ["allowDockerSocket"] = cluster.Policy.AllowDockerSocket,
            ["allowShares"] = cluster.Policy.AllowShares,
            ["prune"] = cluster.Prune,
        },
        new ResourceOwner(OwnerKind.Cluster, cluster.Name, Prune: true, cluster.Source.Locate("/spec/policy")));

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
