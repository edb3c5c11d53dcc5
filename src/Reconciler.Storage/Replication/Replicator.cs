using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Replication;

/// <summary>
/// Carries out one replication step: zfs send on the source node streamed into zfs receive -u
/// on the target node. It never rolls back or overwrites target data unless the spec says
/// force: true, and never destroys a dataset; after a restore of the source it keeps the
/// target's replaced history aside, renamed. A failed transfer leaves both sides as they were
/// (zfs receive discards an incomplete stream), so the next cycle simply tries again.
/// </summary>
public sealed class Replicator(StorageNodes nodes)
{
    public async Task<ReplicationOutcome> RunAsync(
        ReplicationManifest spec, DatasetManifest source, IReadOnlyList<Snapshot> sourceSnapshots, ZfsInventory target, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sourceNode = nodes[source.Node];
        var targetNode = nodes[spec.TargetNode];
        var features = await targetNode.FeaturesAsync(cancellationToken).ConfigureAwait(false);
        var token = features.ResumableReceive ? target.Get(spec.TargetDataset, ZfsInventory.ResumeToken) : null;
        var step = ReplicationPlanner.Decide(sourceSnapshots, target.SnapshotsOf(spec.TargetDataset), token is "-" ? null : token);
        if (step is ReplicationStep.Full or ReplicationStep.Diverged && sourceSnapshots.LastOrDefault(s => s.RestoreMark is not null) is { } restored)
        {
            // The source was restored: a target timeline kept aside for it may be half-way to being replaced.
            var kept = RestoreNames.Kept(spec.TargetDataset, restored.RestoreMark!);
            var look = await targetNode.InventoryAsync([], [kept], cancellationToken).ConfigureAwait(false);
            step = ReplicationPlanner.Decide(sourceSnapshots, target.SnapshotsOf(spec.TargetDataset), null, look.SnapshotsOf(kept));
        }

        switch (step)
        {
            case ReplicationStep.NothingToSend:
                return new(ReplicationState.Waiting, "the source has no snapshot yet", null, []);
            case ReplicationStep.UpToDate upToDate:
                return new(ReplicationState.UpToDate, $"up to date at {upToDate.Newest.Name}", upToDate.Newest, []);
            case ReplicationStep.Resume resume:
                return await TransferAsync(ZfsCommands.SendResume(resume.Token), "resumed the interrupted transfer", null, null, cancellationToken).ConfigureAwait(false);
            case ReplicationStep.Full full:
                if (DatasetPath.Parent(spec.TargetDataset) is { } parent && !target.Exists(parent))
                {
                    await targetNode.RunAsync(ZfsCommands.CreateParent(parent), cancellationToken).ConfigureAwait(false);
                }

                return await TransferAsync(ZfsCommands.Send(source.Name, full.To.Name, null, false), $"sent {full.To.Name} in full", full.To, [full.To], cancellationToken).ConfigureAwait(false);
            case ReplicationStep.Incremental incremental when ReplicationSchedule.NextSend(spec, source, target.SnapshotsOf(spec.TargetDataset)!, now) is { } next:
                return new(ReplicationState.Scheduled,
                    $"the target has {incremental.From.Name}; {incremental.To.Name} goes at {next:yyyy-MM-dd HH:mm:ss}Z (every {spec.Every.Text})", incremental.From, []);
            case ReplicationStep.Incremental incremental:
                return await IncrementalAsync(incremental.From, incremental.To, $"sent {incremental.From.Name} → {incremental.To.Name}", forced: false, cancellationToken).ConfigureAwait(false);
            case ReplicationStep.Rebase rebase:
                var kept = await RebaseAsync(targetNode, spec.TargetDataset, rebase, cancellationToken).ConfigureAwait(false);
                return await IncrementalAsync(rebase.Base, rebase.Newest,
                    $"the source was restored: the target's newer history is kept as {kept}; sent {rebase.Base.Name} → {rebase.Newest.Name}", forced: true, cancellationToken).ConfigureAwait(false);
            case ReplicationStep.Diverged { Common: { } common } diverged when spec.Force:
                // force: true is the spec's consent to lose the target's newer snapshots and changes.
                await targetNode.RunAsync(ZfsCommands.Rollback(spec.TargetDataset, common.Name), cancellationToken).ConfigureAwait(false);
                return await IncrementalAsync(common, diverged.Newest, $"force: rolled the target back to {common.Name} and sent {common.Name} → {diverged.Newest.Name}", forced: true, cancellationToken).ConfigureAwait(false);
            case ReplicationStep.Diverged diverged:
                return new(ReplicationState.Diverged, diverged.Common is null && spec.Force
                    ? $"{diverged.Reason}; force: true cannot help here because reconciler never destroys a dataset: rename or remove {spec.TargetDataset} on {spec.TargetNode} by hand"
                    : $"{diverged.Reason}; nothing was sent (set force: true to overwrite the target)", diverged.Common, []);
            default:
                throw new InvalidOperationException($"unknown replication step {step}");
        }

        // -I carries the snapshots between (when the target keeps its own history); -i only the newest.
        // After a forced rollback or a rebase the target's snapshots changed beyond what was received: the cycle asks it again.
        Task<ReplicationOutcome> IncrementalAsync(Snapshot from, Snapshot to, string detail, bool forced, CancellationToken token)
        {
            var intermediates = spec.Keep is not null;
            var ordered = Snapshot.Chronological(sourceSnapshots).ToList();
            var received = intermediates ? ordered[(ordered.FindIndex(s => s.SameAs(from)) + 1)..(ordered.FindIndex(s => s.SameAs(to)) + 1)] : [to];
            return TransferAsync(ZfsCommands.Send(source.Name, to.Name, from.Name, intermediates), detail, to, forced ? null : received, token, from);
        }

        async Task<ReplicationOutcome> TransferAsync(
            IReadOnlyList<string> send, string detail, Snapshot? sent, IReadOnlyList<Snapshot>? received, CancellationToken token, Snapshot? previousBase = null)
        {
            var receive = ZfsCommands.Receive(spec.TargetDataset, spec.Force, features);
            var result = await NodePipe.RunAsync(sourceNode.Shell, send, targetNode.Shell, receive, token).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return new(ReplicationState.Replicated, detail, sent, received);
            }

            // zfs: "destination ... has been modified since most recent snapshot" (wrapped differently by versions).
            if (result.Receiver.Error.Contains("has been modified", StringComparison.Ordinal))
            {
                return new(ReplicationState.Diverged,
                    $"the target {spec.TargetDataset} was changed since its newest snapshot; nothing was sent (set force: true to overwrite it)", previousBase, []);
            }

            return new(ReplicationState.Failed,
                $"the transfer failed and was discarded on both sides (send exit {result.Sender.ExitCode}, receive exit {result.Receiver.ExitCode}): {result.Receiver.Error}",
                previousBase,
                []);
        }
    }

    /// <summary>
    /// Puts the target's timeline aside under the restore's name and gives the target the shared
    /// base back, as a promoted clone of it: nothing on the target is destroyed, and the next
    /// incremental applies. Each step looks first, so a rebase cut off anywhere is finished by the next cycle.
    /// </summary>
    private static async Task<string> RebaseAsync(StorageNode node, string target, ReplicationStep.Rebase rebase, CancellationToken cancellationToken)
    {
        var kept = RestoreNames.Kept(target, rebase.Stamp);
        var look = await node.InventoryAsync(["origin"], [target, kept], cancellationToken).ConfigureAwait(false);
        if (look.Exists(target) && !look.Exists(kept))
        {
            await TimelineSwap.SetAsideAsync(node, target, kept, cancellationToken).ConfigureAwait(false);
            look = await node.InventoryAsync(["origin"], [target, kept], cancellationToken).ConfigureAwait(false);
        }

        if (!look.Exists(target))
        {
            var carried = TimelineCommands.ParseLocal(await node.RunAsync(TimelineCommands.LocalProperties(kept), cancellationToken).ConfigureAwait(false));
            await TimelineSwap.TakeOverAsync(node, kept, rebase.Base.Name, target, carried, cancellationToken).ConfigureAwait(false);
        }
        else if (look.Get(target, "origin") == TimelineSwap.Origin(kept, rebase.Base.Name))
        {
            await TimelineSwap.PromoteAsync(node, target, cancellationToken).ConfigureAwait(false);
        }

        // The kept timeline is a clone of this snapshot: retention must leave it.
        await node.RunAsync(TimelineCommands.Mark(target, rebase.Base.Name, rebase.Stamp), cancellationToken).ConfigureAwait(false);
        return kept;
    }
}

/// <summary>
/// How a replication step ended, the snapshot both sides now share (the incremental base to
/// protect), and the snapshots the target received (null when unknown: ask the target).
/// </summary>
public sealed record ReplicationOutcome(ReplicationState State, string Detail, Snapshot? Base, IReadOnlyList<Snapshot>? Received);
