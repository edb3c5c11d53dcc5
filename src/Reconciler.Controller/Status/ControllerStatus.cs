using Reconciler.Controller.State;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Status;

/// <summary>What the controller is doing and how the cluster stands: what /status, the page and `reconciler status` show.</summary>
public sealed record ControllerStatus(
    string Tracking,
    string Phase,
    bool Suspended,
    bool Ready,
    string? Tip,
    string? Applied,
    string? LastGood,
    DateTimeOffset? LastCycle,
    string? LastError,
    IReadOnlyList<StackState> Stacks,
    IReadOnlyList<ReplicationView> Replications,
    IReadOnlyList<ApplyRecord> History)
{
    public static ControllerStatus Starting(string tracking) =>
        new(tracking, "starting", false, false, null, null, null, null, null, [], [], []);

    public int Drifted => Stacks.Count(s => s.State == StackSync.Drifted);

    /// <summary>The failover this node stands in by ("failed over from atlas to hermes at ...; RPO 11m"), or null.</summary>
    public string? FailedOver { get; init; }

    /// <summary>Why this node is fenced ("fenced since ...: hermes took over ..."), or null.</summary>
    public string? Fenced { get; init; }

    /// <summary>How fresh the standby on the worker is; null when none is kept.</summary>
    public Recovery.StandbyView? Standby { get; init; }

    /// <summary>Whether the worker could take over, as last checked; null when there is none to check or no check yet.</summary>
    public Recovery.FailoverReport? Failover { get; init; }

    /// <summary>Who writes each dataset and what is wrong (a second writer, a copy written to), as the last cycle found it; null before it looked.</summary>
    public Writers.WriterReport? Writers { get; init; }

    /// <summary>The swarm's nodes as the last cycle saw them (a worker that is down shows here).</summary>
    public IReadOnlyList<NodeView> Nodes { get; init; } = [];
}

/// <summary>A swarm node: its state (ready, down, unknown, disconnected) and availability (active, pause, drain).</summary>
public sealed record NodeView(string Name, string Role, string State, string Availability)
{
    /// <summary>Ready and active: it takes tasks.</summary>
    public bool Up => State == "ready" && Availability == "active";

    public string Describe() => $"{Name} ({Role}): {State}{(Availability == "active" ? string.Empty : $", {Availability}")}";
}

/// <summary>A stack: in sync, drifted (with the first difference) or failed (with why).</summary>
public sealed record StackState(string Name, StackSync State, string Reason);

/// <summary>How a stack stands against the repository (named by <see cref="Core.Text.StateNames"/>: in-sync, drifted, failed).</summary>
public enum StackSync
{
    InSync,
    Drifted,
    Failed,
}

/// <summary>A replication after the last storage cycle; Healthy means up to date and within maxLag.</summary>
public sealed record ReplicationView(string Name, ReplicationState State, double? LagSeconds, bool Lagging, bool Healthy, string Detail);
