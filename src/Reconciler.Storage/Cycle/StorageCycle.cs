using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Replication;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Cycle;

/// <summary>
/// One storage cycle: observe each node's zfs (one call per node), take the snapshots that are
/// due, replicate, then prune by retention — never a snapshot someone else took, the newest
/// one, or the base the next incremental needs. Time comes from a TimeProvider, so tests step
/// through days of schedule in seconds. A controller passes the same <see cref="ReplicaMemory"/>
/// to every cycle, so a target it cannot reach is judged from what it last saw there.
/// </summary>
public sealed class StorageCycle(StorageNodes nodes, TimeProvider time, ReplicaMemory? memory = null)
{
    private readonly ReplicaMemory seen = memory ?? new ReplicaMemory();

    public async Task<CycleReport> RunAsync(DesiredState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new List<string>();
        var involved = state.Datasets.Select(d => d.Node).Concat(state.Replications.Select(r => r.TargetNode)).Distinct(StringComparer.Ordinal).ToList();
        var inventories = await ObserveAsync(state, involved, errors, cancellationToken).ConfigureAwait(false);
        var replicas = state.Replications
            .Select(r => inventories.TryGetValue(r.TargetNode, out var inventory) ? ReplicaState.Of(r, inventory) : null)
            .OfType<ReplicaState>().ToList();

        var taken = await SnapshotAsync(state, inventories, now, errors, cancellationToken).ConfigureAwait(false);
        if (taken.Count > 0)
        {
            var again = await ObserveAsync(state, state.Datasets.Where(d => taken.Any(t => t.StartsWith(d.Name + "@", StringComparison.Ordinal))).Select(d => d.Node).Distinct(), errors, cancellationToken).ConfigureAwait(false);
            foreach (var (node, inventory) in again)
            {
                inventories[node] = inventory;
            }
        }

        var outcomes = new Dictionary<string, ReplicationOutcome>(StringComparer.Ordinal);
        foreach (var replication in state.Replications)
        {
            if (await ReplicateAsync(state, replication, inventories, errors, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                outcomes[replication.Name] = outcome;
            }
        }

        // What the targets received is known, except after a resume or a forced rollback: ask only then.
        foreach (var replication in state.Replications.Where(r => outcomes.GetValueOrDefault(r.Name)?.Received is { Count: > 0 }))
        {
            inventories[replication.TargetNode].AddReceived(replication.TargetDataset, outcomes[replication.Name].Received!);
        }

        foreach (var replication in state.Replications)
        {
            if (outcomes.GetValueOrDefault(replication.Name)?.Base is { } known)
            {
                seen.Remember(replication, known);
            }
        }

        var unknown = state.Replications.Where(r => outcomes.GetValueOrDefault(r.Name) is { State: ReplicationState.Replicated, Received: null }).Select(r => r.TargetNode).Distinct();
        foreach (var (node, inventory) in await ObserveAsync(state, unknown, errors, cancellationToken).ConfigureAwait(false))
        {
            inventories[node] = inventory;
        }

        var pruned = await PruneAsync(state, inventories, outcomes, now, errors, cancellationToken).ConfigureAwait(false);
        var statuses = state.Replications.Select(r => Status(state, r, inventories, outcomes.GetValueOrDefault(r.Name), seen.BaseOf(r), now)).ToList();
        return new CycleReport(taken, pruned, statuses, errors) { Replicas = replicas };
    }

    /// <summary>One scoped `zfs get` per node: the datasets and replication targets that live there, with their snapshots.</summary>
    private async Task<Dictionary<string, ZfsInventory>> ObserveAsync(DesiredState state, IEnumerable<string> names, List<string> errors, CancellationToken cancellationToken)
    {
        var observed = await Task.WhenAll(names.Select(async name =>
        {
            var only = state.Datasets.Where(d => d.Node == name).Select(d => d.Name)
                .Concat(state.Replications.Where(r => r.TargetNode == name).SelectMany(r => new[] { r.TargetDataset, DatasetPath.Parent(r.TargetDataset) }).OfType<string>())
                .ToHashSet(StringComparer.Ordinal);
            try
            {
                // A replication target: whether anyone can write to it or did, and on OpenZFS the token
                // a cut-off resumable receive left (zfs-fuse has no such property).
                var node = nodes[name];
                var features = state.Replications.Any(r => r.TargetNode == name) ? await node.FeaturesAsync(cancellationToken).ConfigureAwait(false) : null;
                string[] target = features is null ? [] : [.. ZfsInventory.ReplicaProperties(features), .. features.ResumableReceive ? [ZfsInventory.ResumeToken] : Array.Empty<string>()];
                return (name, Inventory: await node.InventoryAsync(target, only, cancellationToken).ConfigureAwait(false), Error: (string?)null);
            }
            catch (NodeCommandException e)
            {
                return (name, Inventory: (ZfsInventory?)null, Error: (string?)e.Message);
            }
        })).ConfigureAwait(false);
        errors.AddRange(observed.Where(o => o.Error is not null).Select(o => $"cannot observe node {o.name}: {o.Error}"));
        return observed.Where(o => o.Inventory is not null).ToDictionary(o => o.name, o => o.Inventory!, StringComparer.Ordinal);
    }

    private async Task<List<string>> SnapshotAsync(
        DesiredState state, Dictionary<string, ZfsInventory> inventories, DateTimeOffset now, List<string> errors, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        foreach (var dataset in state.Datasets.Where(d => d.Snapshots is not null))
        {
            if (!inventories.TryGetValue(dataset.Node, out var inventory) || !inventory.IsManaged(dataset.Name)
                || !SnapshotSchedule.IsDue(inventory.SnapshotsOf(dataset.Name)!, dataset.Snapshots!.Prefix, dataset.Snapshots.Every.Value, now))
            {
                continue;
            }

            var name = SnapshotName.For(dataset.Snapshots.Prefix, now);
            try
            {
                await nodes[dataset.Node].RunAsync(ZfsCommands.Snapshot(dataset.Name, name), cancellationToken).ConfigureAwait(false);
                taken.Add($"{dataset.Name}@{name}");
            }
            catch (NodeCommandException e)
            {
                errors.Add($"snapshot of {dataset.Name} failed: {e.Message}");
            }
        }

        return taken;
    }

    private async Task<ReplicationOutcome?> ReplicateAsync(
        DesiredState state, ReplicationManifest replication, Dictionary<string, ZfsInventory> inventories, List<string> errors, CancellationToken cancellationToken)
    {
        var source = state.Datasets.First(d => d.Name == replication.SourceDataset);
        if (!inventories.TryGetValue(source.Node, out var sourceInventory) || !inventories.TryGetValue(replication.TargetNode, out var targetInventory))
        {
            return null;
        }

        try
        {
            // Divergence is judged in the pools' own creation order, not by the schedule's clock.
            return await new Replicator(nodes).RunAsync(
                replication, source, sourceInventory.SnapshotsOf(source.Name) ?? [], targetInventory, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (NodeCommandException e)
        {
            errors.Add($"replication {replication.Name}: {e.Message}");
            return new ReplicationOutcome(ReplicationState.Failed, e.Message, null, []);
        }
    }

    /// <summary>Sources by their dataset's grid, targets by their replication's; each keeps the base its replications share.</summary>
    private async Task<List<string>> PruneAsync(
        DesiredState state, Dictionary<string, ZfsInventory> inventories, Dictionary<string, ReplicationOutcome> outcomes,
        DateTimeOffset now, List<string> errors, CancellationToken cancellationToken)
    {
        var work = new List<(string Node, string Dataset, string Prefix, RetentionGrid Keep, IReadOnlyList<Snapshot> Protected)>();
        foreach (var dataset in state.Datasets.Where(d => d.Snapshots is not null))
        {
            var bases = state.Replications.Where(r => r.SourceDataset == dataset.Name).Select(BaseOf).OfType<Snapshot>().ToList();
            if (state.Replications.Any(r => r.SourceDataset == dataset.Name && BaseOf(r) is null))
            {
                // A replication whose base is unknown this cycle (node unreachable, failed): prune nothing it might need.
                continue;
            }

            work.Add((dataset.Node, dataset.Name, dataset.Snapshots!.Prefix, dataset.Snapshots.Keep.Value, bases));
        }

        foreach (var replication in state.Replications.Where(r => r.Keep is not null && outcomes.GetValueOrDefault(r.Name)?.Base is not null))
        {
            var source = state.Datasets.First(d => d.Name == replication.SourceDataset);
            work.Add((replication.TargetNode, replication.TargetDataset, PrefixOf(source), replication.Keep!.Value, [outcomes[replication.Name].Base!]));
        }

        var pruned = new List<string>();
        foreach (var (node, dataset, prefix, keep, guarded) in work)
        {
            if (!inventories.TryGetValue(node, out var inventory) || inventory.SnapshotsOf(dataset) is not { } snapshots)
            {
                continue;
            }

            foreach (var snapshot in RetentionPolicy.ToPrune(SnapshotName.Dated(snapshots, prefix), prefix, keep, now, guarded))
            {
                try
                {
                    await nodes[node].RunAsync(ZfsCommands.DestroySnapshot(dataset, snapshot.Name), cancellationToken).ConfigureAwait(false);
                    pruned.Add($"{dataset}@{snapshot.Name} on {node}");
                }
                catch (NodeCommandException e)
                {
                    errors.Add($"pruning {dataset}@{snapshot.Name} failed: {e.Message}");
                }
            }
        }

        return pruned;

        // A replication that failed, or whose target could not be observed, still needs the base its target had when last seen.
        Snapshot? BaseOf(ReplicationManifest replication) => outcomes.GetValueOrDefault(replication.Name) switch
        {
            { Base: { } known } => known,
            null or { State: ReplicationState.Failed } => seen.BaseOf(replication),
            _ => null,
        };
    }

    /// <param name="lastSeen">The target's base when last seen: the lag of a target that cannot be observed now.</param>
    private static ReplicationStatus Status(
        DesiredState state, ReplicationManifest replication, Dictionary<string, ZfsInventory> inventories, ReplicationOutcome? outcome, Snapshot? lastSeen, DateTimeOffset now)
    {
        var source = state.Datasets.First(d => d.Name == replication.SourceDataset);
        var unobserved = !inventories.ContainsKey(replication.TargetNode);
        var target = unobserved ? lastSeen is null ? null : [lastSeen] : inventories[replication.TargetNode].SnapshotsOf(replication.TargetDataset);
        var lag = ReplicationPlanner.Lag(target is null ? null : SnapshotName.Dated(target, PrefixOf(source)), now);
        var result = outcome?.State ?? ReplicationState.Failed;
        var lagging = result != ReplicationState.Waiting && (lag is null || lag > replication.LagLimit);
        var detail = outcome?.Detail ?? (unobserved && lastSeen is not null
            ? $"{replication.TargetNode} could not be observed; the target had {lastSeen.Name} when last seen"
            : "a node could not be observed");
        return new ReplicationStatus(replication.Name, result, lag, lagging, detail);
    }

    private static string PrefixOf(DatasetManifest dataset) => dataset.Snapshots?.Prefix ?? SnapshotSpec.DefaultPrefix;
}
