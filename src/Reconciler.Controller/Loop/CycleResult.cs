using Reconciler.Controller.Notifications;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Storage.Resources;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Controller.Loop;

/// <summary>
/// What one cycle decided, as a value: <see cref="CycleReporter"/> turns it into the state file,
/// status, metrics, logs and notifications, so the cycle itself only reads and decides.
/// </summary>
/// <param name="State">The state as the cycle read it (with an apply's begin mark); null when it ended before reading it.</param>
public sealed record CycleResult(CycleOutcome Outcome, ReconcilerState? State)
{
    public string? Tip { get; init; }

    public bool Suspended { get; init; }

    /// <summary>Why the cycle failed, for status and the log.</summary>
    public string? Error { get; init; }

    /// <summary>False when an error cut the cycle short: status keeps showing the error phase.</summary>
    public bool Finished { get; init; } = true;

    /// <summary>An apply or a rejection to add to the history.</summary>
    public ApplyRecord? Record { get; init; }

    /// <summary>The host paths the recorded apply managed (remembered when it succeeded).</summary>
    public IReadOnlyList<ManagedPath> ManagedPaths { get; init; } = [];

    public Rejection? Rejection { get; init; }

    /// <summary>Why the tip's signature was accepted, when signatures are checked.</summary>
    public string? Signature { get; init; }

    /// <summary>An apply a crash interrupted, which this cycle resumed.</summary>
    public ApplyInProgress? Resumed { get; init; }

    /// <summary>How each stack stands; null when this cycle did not look.</summary>
    public IReadOnlyList<StackState>? Stacks { get; init; }

    /// <summary>Each replication after the storage cycle; null when it did not run.</summary>
    public IReadOnlyList<ReplicationView>? Replications { get; init; }

    public IReadOnlyList<string> StorageErrors { get; init; } = [];

    /// <summary>The swarm's nodes as this cycle saw them; null when it did not get that far.</summary>
    public IReadOnlyList<SwarmNode>? Nodes { get; init; }

    /// <summary>The services a rebalance spread again after a node came back; null when none ran.</summary>
    public IReadOnlyList<RebalancedService>? Rebalanced { get; init; }

    /// <summary>The standby on the worker after this cycle (refreshed when it was not on the last good commit).</summary>
    public StandbyRecord? Standby { get; init; }

    /// <summary>True when <see cref="Standby"/> is this cycle's refresh (to log), not an earlier one's.</summary>
    public bool StandbyRefreshed { get; init; }

    /// <summary>Whether the worker could take over, when <see cref="FailoverChecked"/>; null then means there is none to check.</summary>
    public FailoverReport? Failover { get; init; }

    /// <summary>True when this cycle checked failover readiness (it does so now and then, not every cycle).</summary>
    public bool FailoverChecked { get; init; }

    /// <summary>Who writes each dataset and what is wrong; null when this cycle did not look (no dataset, or it ended early).</summary>
    public Writers.WriterReport? Writers { get; init; }

    public IReadOnlyList<Notification> Notifications { get; init; } = [];

    /// <summary>The fence this node is under, found by the guard on the controller's first cycle; null otherwise.</summary>
    public Recovery.FenceRecord? Fence { get; init; }

    public TimeSpan Duration { get; init; }
}

/// <summary>A commit refused before any change: why, and the problems found.</summary>
public sealed record Rejection(RejectReason Reason, IReadOnlyList<string> Problems)
{
    public string Why => Reason == RejectReason.Signature ? "It is not signed by a trusted key" : "It does not validate";
}

public enum RejectReason
{
    Invalid,
    Signature,
}
