namespace Reconciler.Controller.Recovery;

/// <summary>One change a restore makes to the dataset, in the order they happen.</summary>
public enum RestoreStep
{
    /// <summary>Snapshot the dataset as it is (@pre-restore-&lt;time&gt;), so the state being replaced is kept.</summary>
    SnapshotCurrent,

    /// <summary>Rename the dataset to &lt;dataset&gt;.before-restore-&lt;time&gt;: its whole timeline is kept there.</summary>
    SetAside,

    /// <summary>The kept timeline: unmounted (mountpoint=none), read-only, and no longer a dataset reconciler manages.</summary>
    Detach,

    /// <summary>Clone the kept timeline's snapshot under the dataset's name, with the dataset's properties.</summary>
    Clone,

    /// <summary>Promote the clone, so the restored dataset owns its history up to the snapshot.</summary>
    Promote,

    /// <summary>Stream the snapshot from the replica into a new dataset under the dataset's name.</summary>
    Receive,

    /// <summary>Give the received dataset the dataset's properties (mountpoint, reconciler:managed, ...).</summary>
    CarryProperties,

    /// <summary>zfs rollback -r to the snapshot: every newer snapshot is destroyed.</summary>
    Rollback,

    /// <summary>Mark the snapshot as the restore's base: kept by retention, the point replication continues from.</summary>
    Mark,
}
