using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Restore;

/// <summary>A snapshot a dataset can be restored to: its name, when it was taken, and the nodes that hold it.</summary>
public sealed record RestorePoint(string Name, DateTimeOffset Created, string? Guid, bool Here, IReadOnlyList<string> Replicas);

/// <summary>A replica of a dataset and its snapshots (null when it does not exist).</summary>
public sealed record ReplicaSnapshots(string Node, string Dataset, IReadOnlyList<Snapshot>? Snapshots);

public static class RestorePoints
{
    /// <summary>
    /// Every snapshot of the dataset here and on its replicas, newest first, one line per snapshot:
    /// the same snapshot on two pools is matched by GUID (a renamed one is still the same data).
    /// </summary>
    public static IReadOnlyList<RestorePoint> Of(IReadOnlyList<Snapshot> here, IReadOnlyList<ReplicaSnapshots> replicas)
    {
        var points = here.Select(s => (Snapshot: s, Here: true)).ToList();
        foreach (var replica in replicas)
        {
            foreach (var snapshot in replica.Snapshots ?? [])
            {
                if (!points.Any(p => p.Snapshot.SameAs(snapshot)))
                {
                    points.Add((snapshot, false));
                }
            }
        }

        return points
            .OrderByDescending(p => p.Snapshot.Created).ThenByDescending(p => p.Here ? p.Snapshot.Txg : 0).ThenBy(p => p.Snapshot.Name, StringComparer.Ordinal)
            .Select(p => new RestorePoint(
                p.Snapshot.Name,
                p.Snapshot.Created,
                p.Snapshot.Guid,
                p.Here,
                replicas.Where(r => r.Snapshots?.Any(s => s.SameAs(p.Snapshot)) == true).Select(r => r.Node).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
