using Reconciler.Core.Model;

namespace Reconciler.Storage.Nodes;

/// <summary>The cluster's nodes by name: "local" runs here, anything else over ssh with the given options.</summary>
public sealed class StorageNodes
{
    private readonly Dictionary<string, StorageNode> nodes;

    public StorageNodes(IEnumerable<StorageNode> nodes) =>
        this.nodes = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);

    public static StorageNodes For(ClusterManifest? cluster, SshOptions ssh) =>
        new((cluster?.Nodes ?? []).Select(n => new StorageNode(n.Name, n.IsLocal ? new LocalShell() : new SshShell(n.Address, ssh))));

    public StorageNode this[string name] =>
        nodes.TryGetValue(name, out var node) ? node : throw new KeyNotFoundException($"node {name} is not in the Cluster manifest");

    /// <summary>False for a node the Cluster manifest no longer names (removed, renamed, or gone after a failover).</summary>
    public bool Contains(string name) => nodes.ContainsKey(name);
}
