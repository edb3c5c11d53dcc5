using Reconciler.Core.Model;
using Reconciler.Core.Recovery;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Brings the survivor's newer history of one dataset back to the returning manager, step by step
/// as <see cref="FailbackSync"/> decides: the returning node's own timeline renamed aside and
/// kept, a clone of the last common snapshot in its place, then incremental sends until the
/// dataset has the survivor's newest snapshot. Every step observes first, so it is safe to repeat.
/// </summary>
public static class DatasetReturn
{
    private const int MaxSteps = 6;

    /// <summary>Runs steps until the dataset holds the replica's newest snapshot (as observed when the step began); returns what it did.</summary>
    public static async Task<IReadOnlyList<string>> SyncAsync(
        StorageNode home, DatasetManifest dataset, StorageNode survivor, string replica, FailoverOverlay overlay, CancellationToken cancellationToken)
    {
        var marker = FailbackSync.Marker(overlay.Epoch);
        var diverged = FailbackSync.DivergedName(dataset.Name, overlay.At);
        var done = new List<string>();
        for (var step = 0; step < MaxSteps; step++)
        {
            var here = await home.InventoryAsync([FailbackSync.MarkerProperty, "origin"], [dataset.Name, diverged], cancellationToken).ConfigureAwait(false);
            var there = await survivor.InventoryAsync([], [replica], cancellationToken).ConfigureAwait(false);
            var replicaSnapshots = there.SnapshotsOf(replica)
                ?? throw new InvalidOperationException($"{replica} does not exist on {survivor.Name}: there is no copy to bring {dataset.Name} back from");
            switch (FailbackSync.Decide(Side(here, dataset.Name), Side(here, diverged), replicaSnapshots, marker))
            {
                case FailbackStep.KeepDiverged:
                    await KeepDivergedAsync(home, dataset.Name, diverged, here, cancellationToken).ConfigureAwait(false);
                    done.Add($"kept its writes on {home.Name} since the failover as {diverged}");
                    break;
                case FailbackStep.StartFrom clone:
                    await TimelineSwap.TakeOverAsync(
                        home, diverged, clone.Common.Name, dataset.Name, [new("mountpoint", dataset.Mountpoint), new(FailbackSync.MarkerProperty, marker)], cancellationToken).ConfigureAwait(false);
                    await KeepUnmountedAsync(home, dataset.Name, cancellationToken).ConfigureAwait(false);
                    done.Add($"started again from {clone.Common.Name}, the last snapshot in common with {survivor.Name}");
                    break;
                case FailbackStep.Promote:
                    await TimelineSwap.PromoteAsync(home, dataset.Name, cancellationToken).ConfigureAwait(false);
                    await KeepUnmountedAsync(home, dataset.Name, cancellationToken).ConfigureAwait(false);
                    done.Add($"promoted the clone of {here.Get(dataset.Name, "origin")} that a cut-off failback left");
                    break;
                case FailbackStep.Full full:
                    await ReceiveAsync(survivor, ZfsCommands.Send(replica, full.To.Name, null, false), home, dataset.Name, cancellationToken).ConfigureAwait(false);
                    await home.RunAsync(ZfsCommands.Set(dataset.Name, FailbackSync.MarkerProperty, marker), cancellationToken).ConfigureAwait(false);
                    done.Add($"received {full.To.Name} in full (nothing in common with {survivor.Name})");
                    return done;
                case FailbackStep.Incremental incremental:
                    await ReceiveAsync(survivor, ZfsCommands.Send(replica, incremental.To.Name, NameOn(replicaSnapshots, incremental.From), true), home, dataset.Name, cancellationToken).ConfigureAwait(false);
                    // The survivor's newest is here now: no need to look again.
                    done.Add($"received {incremental.From.Name} → {incremental.To.Name}");
                    return done;
                case FailbackStep.UpToDate upToDate:
                    done.Add($"has {upToDate.At.Name}, the newest on {survivor.Name}");
                    return done;
                case FailbackStep.Refuse refuse:
                    throw new InvalidOperationException($"{dataset.Name} on {home.Name}: {refuse.Reason}");
            }
        }

        throw new InvalidOperationException($"{dataset.Name} on {home.Name} did not catch up with {replica} in {MaxSteps} steps: {string.Join("; ", done)}");
    }

    private static DatasetSide Side(ZfsInventory inventory, string name) =>
        inventory.Exists(name)
            ? new DatasetSide(true, inventory.Get(name, FailbackSync.MarkerProperty), inventory.SnapshotsOf(name) ?? [], inventory.Get(name, "origin") is { } o && o != "-" ? o : null)
            : DatasetSide.Absent;

    /// <summary>
    /// zfs-fuse mounts a new clone at once: no one may write it before the survivor's history is
    /// received. Unmounted rather than read-only: zfs-fuse shows readonly=on on a mounted dataset as
    /// a temporary "off", so the promotion could not tell it must undo it.
    /// </summary>
    private static async Task KeepUnmountedAsync(StorageNode home, string dataset, CancellationToken cancellationToken)
    {
        await home.RunAsync(ZfsCommands.Set(dataset, "canmount", "noauto"), cancellationToken).ConfigureAwait(false);
        if (await DatasetFence.MountedAsync(home, dataset, cancellationToken).ConfigureAwait(false) == "yes")
        {
            await home.RunAsync(["zfs", "unmount", dataset], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The snapshot's name on the replica (the same GUID may carry the name it had there).</summary>
    private static string NameOn(IReadOnlyList<Snapshot> snapshots, Snapshot snapshot) => snapshots.First(s => s.SameAs(snapshot)).Name;

    /// <summary>
    /// Read-only, unmounted, not mounted at boot, renamed, and no longer reconciler's: the diverged
    /// timeline is left for a person to inspect or destroy, and no plan ever touches it.
    /// </summary>
    private static async Task KeepDivergedAsync(StorageNode home, string dataset, string diverged, ZfsInventory inventory, CancellationToken cancellationToken)
    {
        await home.RunAsync(ZfsCommands.Set(dataset, "readonly", "on"), cancellationToken).ConfigureAwait(false);
        await home.RunAsync(ZfsCommands.Set(dataset, "canmount", "noauto"), cancellationToken).ConfigureAwait(false);
        if (inventory.Get(dataset, "mounted") == "yes")
        {
            await home.RunAsync(["zfs", "unmount", dataset], cancellationToken).ConfigureAwait(false);
        }

        await TimelineSwap.SetAsideAsync(home, dataset, diverged, cancellationToken).ConfigureAwait(false);
        await home.RunAsync(ZfsCommands.Set(diverged, ZfsProperty.Managed, "false"), cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReceiveAsync(StorageNode from, IReadOnlyList<string> send, StorageNode to, string dataset, CancellationToken cancellationToken)
    {
        // Not resumable (-s): an interrupted stream is simply sent again, and no half-received dataset is left to mistake for one.
        var result = await NodePipe.RunAsync(from.Shell, send, to.Shell, ["zfs", "receive", "-u", dataset], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"sending {string.Join(' ', send.Skip(2))} from {from.Name} into {dataset} on {to.Name} failed (send exit {result.Sender.ExitCode}, receive exit {result.Receiver.ExitCode}): {result.Receiver.Error}");
        }
    }
}
