using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Replication;

/// <summary>What one replication cycle has to do, decided from both sides' snapshots.</summary>
public abstract record ReplicationStep
{
    /// <summary>The target has the source's newest snapshot already.</summary>
    public sealed record UpToDate(Snapshot Newest) : ReplicationStep;

    /// <summary>The target dataset does not exist: send the newest snapshot whole.</summary>
    public sealed record Full(Snapshot To) : ReplicationStep;

    /// <summary>Send the changes between the newest common snapshot and the newest source snapshot.</summary>
    public sealed record Incremental(Snapshot From, Snapshot To) : ReplicationStep;

    /// <summary>An interrupted receive left a resume token on the target (OpenZFS): continue that stream.</summary>
    public sealed record Resume(string Token) : ReplicationStep;

    /// <summary>
    /// The target cannot take an incremental without losing data: it has snapshots newer than
    /// the common base (Common is that base), or nothing in common (Common is null).
    /// Replication stops until a person decides, or the spec says force: true.
    /// </summary>
    public sealed record Diverged(string Reason, Snapshot? Common, Snapshot Newest) : ReplicationStep;

    /// <summary>
    /// A restore rewrote the source's history at or after <paramref name="Base"/>, the newest
    /// snapshot both share: what the target has beyond it is the timeline the restore replaced.
    /// It is kept aside as &lt;target&gt;.before-restore-&lt;Stamp&gt; (renamed, never destroyed) and
    /// replication continues incrementally from Base, without force.
    /// </summary>
    public sealed record Rebase(Snapshot Base, string Stamp, Snapshot Newest) : ReplicationStep;

    /// <summary>The source has no snapshot yet: nothing to send.</summary>
    public sealed record NothingToSend : ReplicationStep;
}
