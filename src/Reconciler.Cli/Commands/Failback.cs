using System.Diagnostics;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Core.Recovery;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Zfs;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The steps of a failback on the returning manager, in order: bring each dataset's newer history
/// back while the writers still run on the survivor, join its swarm, then the write pause (writers
/// to 0, final snapshot sent, datasets promoted here and demoted there, survivor demoted, fence
/// lifted, repository applied), then end the overlay. Every step looks before it acts, and the
/// overlay ends last, so a run cut off anywhere is finished by the next.
/// </summary>
internal sealed class Failback(
    Terminal terminal, ValidRepository repository, FailoverRecord record, SwarmInitParameters swarm, StateStore store, string stateDirectory,
    StorageNode worker, string workerStateDirectory)
{
    private readonly FailoverOverlay overlay = record.Overlay;

    public async Task<int> RunAsync(
        string? dockerHost, string? workerDockerHost, Func<ClusterManifest?, StorageNodes> nodesOf, Func<StateStore, Task<int>> apply, CancellationToken cancellationToken)
    {
        var output = terminal.Output;
        var started = Stopwatch.StartNew();
        var desired = repository.Report.State;
        var (home, survivor) = (overlay.Lost, overlay.Survivor);
        var nodes = nodesOf(desired.Cluster);
        var (homeNode, survivorNode) = (nodes[home], nodes[survivor]);
        var mark = "failback-e" + overlay.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"failback: {survivor} hands back to {home}; ending \"{Escape.Terminal(overlay.Describe())}\"");

        var pairs = Returning(desired);
        var pending = new List<(DatasetManifest Dataset, string Replica)>();
        foreach (var (dataset, replica) in pairs)
        {
            if (await HasSnapshotAsync(homeNode, dataset.Name, mark, cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine($"  dataset {dataset.Name}: already back (has @{mark})");
                continue;
            }

            pending.Add((dataset, replica));
            var step = Stopwatch.StartNew();
            var done = await DatasetReturn.SyncAsync(homeNode, dataset, survivorNode, replica, overlay, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  dataset {dataset.Name}: {string.Join("; ", done)} {Took(step)}");
        }

        using var docker = DockerEndpoint.Connect(DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable));
        var swarmReturn = new SwarmReturn(docker, worker, workerDockerHost);
        var joining = Stopwatch.StartNew();
        output.WriteLine($"  swarm: {await swarmReturn.JoinAsync(swarm.ManagerAddress, swarm.AdvertiseAddress, cancellationToken).ConfigureAwait(false)} {Took(joining)}");

        // The write pause: from here until the writers run here again.
        var paused = Stopwatch.StartNew();
        var writers = pending.Select(p => p.Dataset.Writer).OfType<string>().Select(ServiceName).Distinct(StringComparer.Ordinal).ToList();
        if (writers.Count > 0)
        {
            var stopped = await swarmReturn.StopAsync(writers, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  writers stopped for the final sync: {(stopped.Count == 0 ? "none was running" : string.Join(", ", stopped))} {Took(paused)}");
        }

        foreach (var (dataset, replica) in pending)
        {
            var step = Stopwatch.StartNew();
            if (!await HasSnapshotAsync(survivorNode, replica, mark, cancellationToken).ConfigureAwait(false))
            {
                await survivorNode.RunAsync(ZfsCommands.Snapshot(replica, mark), cancellationToken).ConfigureAwait(false);
            }

            var done = await DatasetReturn.SyncAsync(homeNode, dataset, survivorNode, replica, overlay, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  dataset {dataset.Name}: final sync: {string.Join("; ", done)} {Took(step)}");
        }

        foreach (var (dataset, replica) in pairs)
        {
            var step = Stopwatch.StartNew();
            var promoted = await ReplicaPromotion.PromoteAsync(homeNode, dataset, mark, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  dataset {dataset.Name}: {(promoted.Count == 0 ? "already the live copy" : string.Join(", ", promoted))} {Took(step)}");
            step.Restart();
            var demoted = await ReplicaDemotion.DemoteAsync(survivorNode, replica, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  replica {replica} on {survivor}: {(demoted.Count == 0 ? "already a replica" : string.Join(", ", demoted))} {Took(step)}");
        }

        var handing = Stopwatch.StartNew();
        output.WriteLine($"  swarm: {await swarmReturn.HandBackAsync(OverlayLabels(desired.Cluster!), cancellationToken).ConfigureAwait(false)} {Took(handing)}");
        await LiftFenceAsync(homeNode, pairs.Select(p => p.Dataset.Name).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        output.WriteLine($"  applying the repository as it is:");
        var applying = Stopwatch.StartNew();
        var applied = await apply(store).ConfigureAwait(false);
        output.WriteLine($"  applied {Took(applying)}");
        if (applied != 0)
        {
            terminal.Error.WriteLine($"reconciler: the failback is not finished: the data is back on {home}, but the apply failed; fix what is reported and run `reconciler failback` again");
            return 1;
        }

        var writes = paused.Elapsed;
        var state = await WorkerState.ReadAsync(worker, workerStateDirectory, cancellationToken).ConfigureAwait(false);
        if (state.State is { Failover: not null } kept)
        {
            await WorkerState.WriteAsync(worker, workerStateDirectory, kept with { Failover = null }, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"failed back to {home} in {Duration.Format(started.Elapsed)} (writers paused {Duration.Format(writes)}); the overlay of epoch {overlay.Epoch} ended on {survivor}, and replication runs from {home} again");
        return 0;
    }

    /// <summary>Each dataset of the returning node with the survivor's copy that took over from it.</summary>
    private List<(DatasetManifest Dataset, string Replica)> Returning(DesiredState desired) =>
        desired.Datasets.Where(d => d.Node == overlay.Lost)
            .SelectMany(d => desired.Replications.Where(r => r.SourceDataset == d.Name && r.TargetNode == overlay.Survivor).Take(1).Select(r => (d, r.TargetDataset)))
            .ToList();

    /// <summary>The labels the failover gave the survivor: the lost node's that the survivor does not declare itself.</summary>
    private List<string> OverlayLabels(ClusterManifest cluster) =>
        cluster.FindNode(overlay.Lost)!.Labels.Keys.Except(cluster.FindNode(overlay.Survivor)!.Labels.Keys, StringComparer.Ordinal).ToList();

    /// <summary>"stack/service" → the Swarm service "stack_service".</summary>
    private static string ServiceName(string writer) => writer.Split('/') is [var stack, var service] ? StackNames.Scope(stack, service) : writer;

    /// <summary>The guard's fence ends: datasets that were not failed over (their data is this node's only copy) become writable again.</summary>
    private async Task LiftFenceAsync(StorageNode home, IReadOnlySet<string> returned, CancellationToken cancellationToken)
    {
        if (FenceRecord.Load(stateDirectory) is not { } fenced)
        {
            return;
        }

        var others = fenced.Datasets.Where(d => !returned.Contains(d)).ToList();
        await DatasetFence.ReleaseAsync(home, others, cancellationToken).ConfigureAwait(false);
        File.Delete(FenceRecord.PathIn(stateDirectory));
        terminal.Output.WriteLine($"  fence lifted{(others.Count == 0 ? string.Empty : $"; {string.Join(", ", others)} writable and mounted again")}");
    }

    /// <summary>"(3s)": each step says how long it took, so a slow failback shows where.</summary>
    private static string Took(Stopwatch step) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({step.Elapsed.TotalSeconds:0.0}s)");

    private static async Task<bool> HasSnapshotAsync(StorageNode node, string dataset, string name, CancellationToken cancellationToken) =>
        (await node.InventoryAsync([], [dataset], cancellationToken).ConfigureAwait(false)).SnapshotsOf(dataset)?.Any(s => s.Name == name) == true;
}
