using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>The standby as this node's state directory shows it: the manager's last refresh, or the worker's copy.</summary>
internal static class LocalStandby
{
    /// <summary>On the manager: its record of the last refresh, or null when it keeps none (or may not read it).</summary>
    public static StandbyView? ManagerView(string stateDirectory, string? lastGoodCommit)
    {
        try
        {
            return StandbyRecord.Load(stateDirectory) is { } record ? StandbyView.Of(record, lastGoodCommit, DateTimeOffset.UtcNow) : null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The failover this node's state records ("failed over from ..."), or null.</summary>
    public static string? FailedOver(string stateDirectory) => new StateStore(stateDirectory).Load().Failover?.Overlay.Describe();

    /// <summary>On the worker: the copy in its standby directory, or null when there is none.</summary>
    public static async Task<StandbyView?> WorkerViewAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(StandbyLayout.In(stateDirectory)))
        {
            return null;
        }

        var here = new StorageNode(Environment.MachineName, new LocalShell());
        var copy = await StandbyReader.ReadAsync(here, stateDirectory, cancellationToken).ConfigureAwait(false);
        return StandbyView.Of(here.Name, copy, DateTimeOffset.UtcNow);
    }
}
