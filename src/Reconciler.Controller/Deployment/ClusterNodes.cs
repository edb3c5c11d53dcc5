using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// The Cluster's nodes as the controller reaches them, kept while their addresses stay the same:
/// each node's zfs is detected once, and the cluster and the standby share one set.
/// </summary>
public sealed class ClusterNodes(SshOptions ssh)
{
    private readonly Lock gate = new();
    private (string Key, StorageNodes Nodes)? cache;

    /// <summary>One node by its address, with no repository at hand (the guard asks the worker named in the standby record).</summary>
    public StorageNode Node(string name, string address) =>
        new(name, address == "local" ? new LocalShell() : new SshShell(address, ssh));

    public StorageNodes Of(DesiredState state)
    {
        var key = string.Join(',', state.Cluster?.Nodes.Select(n => $"{n.Name}={n.Address}") ?? []);
        lock (gate)
        {
            if (cache is not { } cached || cached.Key != key)
            {
                cache = cached = (key, StorageNodes.For(state.Cluster, ssh));
            }

            return cached.Nodes;
        }
    }
}
