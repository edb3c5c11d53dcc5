namespace Reconciler.Storage.Cycle;

public enum ReplicationState
{
    /// <summary>The target has the source's newest snapshot.</summary>
    UpToDate,

    /// <summary>This cycle sent a snapshot (full or incremental) and the target took it.</summary>
    Replicated,

    /// <summary>The source has no snapshot yet.</summary>
    Waiting,

    /// <summary>The target is behind the source but not yet due by the replication's <c>every</c>.</summary>
    Scheduled,

    /// <summary>The target has data the source does not; nothing is sent until a person decides (or force: true).</summary>
    Diverged,

    /// <summary>The transfer or a command failed; both sides are as before, the next cycle tries again.</summary>
    Failed,
}

/// <summary>
/// One replication after a cycle. Lag is now minus the creation of the newest snapshot on the
/// target: the data-loss window if the source node died now. Lagging when it exceeds maxLag
/// (twice every unless set), or when the target has no snapshot at all.
/// </summary>
public sealed record ReplicationStatus(string Name, ReplicationState State, TimeSpan? Lag, bool Lagging, string Detail)
{
    /// <summary>Up to date (or just replicated, or not due yet) and within maxLag.</summary>
    public bool Healthy => State is ReplicationState.UpToDate or ReplicationState.Replicated or ReplicationState.Scheduled && !Lagging;
}
