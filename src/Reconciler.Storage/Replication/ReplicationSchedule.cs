using Reconciler.Core.Model;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Replication;

/// <summary>
/// A Replication's <c>every</c>: the target gets a newer snapshot once its newest one (dated by
/// name, like the source's schedule) is that old. Only incrementals wait; a first full send or
/// an interrupted transfer goes at once.
/// </summary>
public static class ReplicationSchedule
{
    /// <summary>When the next send is due, or null when it is due now.</summary>
    public static DateTimeOffset? NextSend(ReplicationManifest spec, DatasetManifest source, IEnumerable<Snapshot> target, DateTimeOffset now)
    {
        var prefix = source.Snapshots?.Prefix ?? SnapshotSpec.DefaultPrefix;
        var every = spec.Every.Value;
        if (SnapshotSchedule.IsDue(target, prefix, every, now))
        {
            return null;
        }

        return target.Select(s => SnapshotName.TimeOf(prefix, s.Name)).Max() + every;
    }
}
