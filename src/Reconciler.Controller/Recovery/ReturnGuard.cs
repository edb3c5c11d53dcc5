using System.Text.Json;
using Reconciler.Controller.State;
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
    /// <summary>The worker's state file is small; anything larger is not one reconciler wrote.</summary>
    private const int MaxStateBytes = 16 << 20;

    public static async Task<GuardVerdict> JudgeAsync(StorageNode worker, string workerStateDirectory, string self, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workerStateDirectory, "state.json");
        var read = await worker.Shell.RunAsync(["sh", "-c", $"head -c {MaxStateBytes} -- \"$1\"", "reconciler-guard", path], cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            var why = read.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {read.ExitCode}";
            return read.ExitCode == 1 && why.Contains("No such file", StringComparison.Ordinal)
                ? GuardVerdict.Stay($"{worker.Name} keeps no state at {path}: it never took over")
                : GuardVerdict.Fence($"cannot tell whether {worker.Name} took over ({why})", null);
        }

        ReconcilerState? state;
        try
        {
            state = JsonSerializer.Deserialize<ReconcilerState>(read.Output, StateStore.Options);
        }
        catch (JsonException e)
        {
            return GuardVerdict.Fence($"cannot tell whether {worker.Name} took over: its {path} does not read ({e.Message})", null);
        }

        return state?.Failover?.Overlay is { } overlay && overlay.Lost == self
            ? GuardVerdict.Fence($"{worker.Name} took over from {self} at {overlay.At:u} (epoch {overlay.Epoch})", overlay.Epoch)
            : GuardVerdict.Stay($"{worker.Name} did not take over from {self}");
    }
}

/// <summary>Whether the returning manager must fence itself, and why.</summary>
public sealed record GuardVerdict(bool MustFence, string Reason, long? Epoch)
{
    public static GuardVerdict Fence(string reason, long? epoch) => new(true, reason, epoch);

    public static GuardVerdict Stay(string reason) => new(false, reason, null);
}
