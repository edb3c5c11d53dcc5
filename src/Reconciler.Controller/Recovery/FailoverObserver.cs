using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Paths;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Gathers a <see cref="FailoverObservation"/>: the worker through its node shell (zfs, stat, its
/// engine's images through its docker CLI, its reconciler, the standby), the manager's swarm when
/// it answers (the digests services run, its address), and the manager's last good commit.
/// </summary>
public sealed class FailoverObserver(StorageNodes nodes, IDockerClient? docker, FailoverTarget target)
{
    /// <summary>Observes and judges; a worker that does not answer (or answers nonsense) makes the report "not ready" with why, never an exception.</summary>
    public async Task<FailoverReport> CheckAsync(DesiredState desired, string? lastGoodCommit, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var observation = await ObserveAsync(desired, lastGoodCommit, cancellationToken).ConfigureAwait(false);
            return FailoverReadiness.Report(observation, time.GetUtcNow());
        }
        catch (Exception e) when (e is NodeCommandException or IOException or InvalidDataException)
        {
            return FailoverReadiness.Unreachable(desired, target.Manager, target.Worker, e.Message, time.GetUtcNow());
        }
    }

    public async Task<FailoverObservation> ObserveAsync(DesiredState desired, string? lastGoodCommit, CancellationToken cancellationToken)
    {
        var worker = nodes[target.Worker];
        var replicaTargets = desired.Replications.Where(r => r.TargetNode == target.Worker).Select(r => r.TargetDataset).Distinct().ToList();
        var paths = desired.Paths.Where(p => p.IsOn(target.Manager) && p.IsOn(target.Worker)).Select(p => p.Path).Distinct().ToList();
        return new FailoverObservation(
            desired,
            target.Manager,
            target.Worker,
            await ManagerHostsAsync(desired, cancellationToken).ConfigureAwait(false),
            await ReplicasAsync(worker, replicaTargets, cancellationToken).ConfigureAwait(false),
            await StandbyReader.ReadAsync(worker, target.WorkerStateDirectory, cancellationToken).ConfigureAwait(false),
            lastGoodCommit,
            await ImagesAsync(worker, cancellationToken).ConfigureAwait(false),
            await RunningImagesAsync(cancellationToken).ConfigureAwait(false),
            paths.Count == 0 ? new Dictionary<string, PathState>() : PathProbe.Parse(paths, (await worker.Shell.RunAsync(PathProbe.Command(paths), cancellationToken).ConfigureAwait(false)).Output),
            await ReconcilerAsync(worker, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Whether each dataset exists on the node, with the time of its newest snapshot (the RPO a failover would have).</summary>
    public static async Task<IReadOnlyDictionary<string, ReplicaObservation>> ReplicasAsync(StorageNode worker, IReadOnlyList<string> datasets, CancellationToken cancellationToken)
    {
        if (datasets.Count == 0)
        {
            return new Dictionary<string, ReplicaObservation>();
        }

        var inventory = await worker.InventoryAsync([], datasets, cancellationToken).ConfigureAwait(false);
        return datasets.ToDictionary(d => d, d => new ReplicaObservation(
            inventory.Exists(d), inventory.SnapshotsOf(d) is { Count: > 0 } snapshots ? snapshots.Max(s => s.Created) : null));
    }

    /// <summary>"repo:tag" and "repo@digest" of every image the worker's engine holds.</summary>
    private async Task<IReadOnlySet<string>> ImagesAsync(StorageNode worker, CancellationToken cancellationToken)
    {
        string[] engine = target.WorkerDockerHost is { } host ? ["-H", host] : [];
        var output = await worker.RunAsync(["docker", .. engine, "image", "ls", "--digests", "--format", "{{.Repository}}\t{{.Tag}}\t{{.Digest}}"], cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.Split('\t') is [var repository, var tag, var digest])
            {
                if (tag != "<none>")
                {
                    names.Add($"{repository}:{tag}");
                }

                if (digest != "<none>")
                {
                    names.Add($"{repository}@{digest}");
                }
            }
        }

        return names;
    }

    /// <summary>The image each stack service runs on the manager's swarm (pinned to a digest), when the swarm answers.</summary>
    private async Task<IReadOnlyDictionary<string, string>> RunningImagesAsync(CancellationToken cancellationToken)
    {
        var services = await FromManagerAsync(d => d.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken)).ConfigureAwait(false);
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in services.Select(s => s.Spec))
        {
            if (spec?.Labels?.ContainsKey(StackNames.NamespaceLabel) == true && spec.Name is { } name && spec.TaskTemplate?.ContainerSpec?.Image is { } image)
            {
                images[name] = image;
            }
        }

        return images;
    }

    /// <summary>The names and addresses under which the manager might host a registry.</summary>
    private async Task<IReadOnlySet<string>> ManagerHostsAsync(DesiredState desired, CancellationToken cancellationToken)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { target.Manager };
        if (desired.Cluster?.FindNode(target.Manager) is { IsLocal: false } node)
        {
            hosts.Add(node.Address.Split('@')[^1]);
        }

        var manager = (await FromManagerAsync(d => d.Swarm.ListNodesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false))
            .FirstOrDefault(n => n.Description?.Hostname == target.Manager);
        if (manager?.ManagerStatus?.Addr is { } address)
        {
            hosts.Add(SwarmInitParameters.HostOf(address));
        }

        if (manager?.Status?.Addr is { } status)
        {
            hosts.Add(status);
        }

        return hosts;
    }

    /// <summary>A list from the manager's swarm; empty when there is no engine to ask or it does not answer (the manager may be what is lost).</summary>
    private async Task<IList<T>> FromManagerAsync<T>(Func<IDockerClient, Task<IList<T>>> query)
    {
        if (docker is null)
        {
            return [];
        }

        try
        {
            return await query(docker).ConfigureAwait(false);
        }
        catch (Exception e) when (Deployment.ClusterObservation.IsEngineUnreachable(e))
        {
            return [];
        }
    }

    private async Task<CommandObservation> ReconcilerAsync(StorageNode worker, CancellationToken cancellationToken)
    {
        var result = await worker.Shell.RunAsync([.. target.WorkerReconciler, "--version"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? new CommandObservation(true, $"`{string.Join(' ', target.WorkerReconciler)}` runs (version {result.Output.Trim()})")
            : new CommandObservation(false, $"`{string.Join(' ', target.WorkerReconciler)} --version` exited {result.ExitCode}: {result.Error}");
    }
}

/// <summary>Which node would take over from which, and how to reach what is on the worker.</summary>
public sealed record FailoverTarget(string Manager, string Worker, string WorkerStateDirectory, string? WorkerDockerHost, IReadOnlyList<string> WorkerReconciler)
{
    /// <summary>The Cluster's one manager and one worker unless named; null with why when that is ambiguous.</summary>
    public static (string? Manager, string? Worker, string? Problem) Pick(ClusterManifest? cluster, string? worker)
    {
        var managers = cluster?.Nodes.Where(n => n.Role == NodeRole.Manager).Select(n => n.Name).ToList() ?? [];
        var workers = cluster?.Nodes.Where(n => n.Role == NodeRole.Worker).Select(n => n.Name).ToList() ?? [];
        if (managers.Count != 1)
        {
            return (null, null, $"the Cluster names {managers.Count} managers; failover is for one manager and a worker");
        }

        if (worker is not null)
        {
            return workers.Contains(worker) ? (managers[0], worker, null) : (null, null, $"{worker} is not a worker in the Cluster");
        }

        return workers.Count == 1 ? (managers[0], workers[0], null) : (null, null, $"the Cluster names {workers.Count} workers: say which takes over with --worker");
    }
}
