using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// What a manager coming back must find out before it runs anything: did the worker take over
/// from it while it was gone? The worker's state says so (a failover records its overlay and epoch
/// there). Taken over, or unable to tell, the manager must fence itself: two writers of one
/// dataset's history are worse than a service that waits for a person.
/// </summary>
public static class ReturnGuard
{
    public static async Task<GuardVerdict> JudgeAsync(StorageNode worker, string workerStateDirectory, string self, CancellationToken cancellationToken)
    {
        var read = await WorkerState.ReadAsync(worker, workerStateDirectory, cancellationToken).ConfigureAwait(false);
        if (read.Absent)
        {
            return GuardVerdict.Stay($"{worker.Name} keeps no state at {WorkerState.PathIn(workerStateDirectory)}: it never took over");
        }

        if (read.State is not { } state)
        {
            return GuardVerdict.Fence($"cannot tell whether {worker.Name} took over ({read.Problem})", null);
        }

        return state.Failover is { Overlay: var overlay } record && overlay.Lost == self
            ? GuardVerdict.Fence($"{worker.Name} took over from {self} at {overlay.At:u} (epoch {overlay.Epoch})", overlay.Epoch) with { SurvivorSwarm = record.SwarmId }
            : GuardVerdict.Stay($"{worker.Name} did not take over from {self}");
    }
}

/// <summary>Whether the returning manager must fence itself, and why.</summary>
public sealed record GuardVerdict(bool MustFence, string Reason, long? Epoch)
{
    /// <summary>The swarm the survivor created, when a failover was found: the one this node must not leave.</summary>
    public string? SurvivorSwarm { get; init; }

    public static GuardVerdict Fence(string reason, long? epoch) => new(true, reason, epoch);

    public static GuardVerdict Stay(string reason) => new(false, reason, null);
}
