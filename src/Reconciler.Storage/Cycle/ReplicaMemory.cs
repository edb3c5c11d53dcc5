using System.Collections.Concurrent;
using Reconciler.Core.Model;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Cycle;

/// <summary>
/// The base each replication's target held when it was last seen, kept from one cycle to the
/// next by a long-running controller. While the target's node cannot be reached, the lag still
/// grows from that base (rather than becoming unknown, which no lag alert can follow), and the
/// source keeps pruning to its grid with that base kept (rather than keeping every snapshot
/// until the node returns).
/// </summary>
public sealed class ReplicaMemory
{
    private readonly ConcurrentDictionary<(string Name, string Node, string Dataset), Snapshot> bases = new();

    public Snapshot? BaseOf(ReplicationManifest replication) => bases.GetValueOrDefault(Key(replication));

    public void Remember(ReplicationManifest replication, Snapshot snapshot) => bases[Key(replication)] = snapshot;

    private static (string, string, string) Key(ReplicationManifest replication) => (replication.Name, replication.TargetNode, replication.TargetDataset);
}
