using System.Diagnostics;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The steps of a restore, in order: look (the snapshot, who mounts the dataset), record, keep
/// the controller from acting, stop the services, change the dataset as <see cref="RestorePlanner"/>
/// decides, give it its owner and mode and mount it, start the services and wait until they are
/// healthy, and only then drop the record. A run cut off anywhere is finished by the next.
/// </summary>
internal sealed class RestoreRun(
    Terminal terminal, DesiredState state, DatasetManifest dataset, StorageNodes nodes, string stateDirectory, ControllerPause pause)
{
    /// <summary>What was asked for; RepositoryPath only for the commands printed as advice.</summary>
    public sealed record Request(string Snapshot, RestoreMethod Method, bool Yes, string RepositoryPath);

    /// <summary>How long the stopped services' containers may take to let go of the dataset.</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(Request request, string? dockerHost, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        RestoreRecord? earlier;
        try
        {
            earlier = RestoreRecord.Load(stateDirectory);
        }
        catch (InvalidDataException e)
        {
            Fail(e.Message);
            return 1;
        }

        if (earlier is not null && (earlier.Dataset != dataset.Name || earlier.Snapshot != request.Snapshot || earlier.Method != request.Method))
        {
            Fail($"a restore is unfinished here ({Escape.Terminal(earlier.Describe())}); finish it first: {Again(earlier, request)}");
            return 1;
        }

        using var docker = DockerEndpoint.Connect(DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable));
        var users = new DatasetUsers(docker, TimeProvider.System);
        try
        {
            if (earlier is not null)
            {
                terminal.Output.WriteLine($"restore: finishing the restore of {dataset.Name} to @{earlier.Snapshot} begun {earlier.Started:u}");
            }

            var record = earlier ?? await BeginAsync(request, users, cancellationToken).ConfigureAwait(false);
            return record is null ? 1 : await FinishAsync(record, fresh: earlier is null, request, users, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NodeCommandException || ClusterObservation.IsEngineUnreachable(e))
        {
            Fail(Escape.Terminal(e.Message));
            if (RestoreRecord.Load(stateDirectory) is { } unfinished)
            {
                Fail($"the restore is not finished (its services stay stopped and the controller suspended); fix that and run it again: {Again(unfinished, request)}");
            }

            return 1;
        }
    }

    /// <summary>Looks at everything the restore needs, shows what it will do, asks, and records it; null (after saying why) to do nothing.</summary>
    private async Task<RestoreRecord?> BeginAsync(Request request, DatasetUsers users, CancellationToken cancellationToken)
    {
        var node = nodes[dataset.Node];
        var now = DateTimeOffset.UtcNow;
        var draft = new RestoreRecord(dataset.Name, dataset.Node, request.Snapshot, request.Method, RestoreNames.Stamp(now), now,
            new Dictionary<string, string>(), [], SourceExisted: false, Replica: null);
        var (source, kept, children) = await DatasetRestore.ObserveAsync(node, draft, cancellationToken).ConfigureAwait(false);
        if (children.Count > 0)
        {
            return Refuse($"{dataset.Name} has datasets under it ({string.Join(", ", children)}); a restore moves none of them: restore a dataset without children");
        }

        var replicas = await ReplicasWithAsync(request.Snapshot, cancellationToken).ConfigureAwait(false);
        var (replica, replicaBase) = replicas.FirstOrDefault();
        if (request.Method == RestoreMethod.FromReplica && replica is null)
        {
            return Refuse($"no replica of {dataset.Name} has @{request.Snapshot}; `reconciler snapshots {dataset.Name} {request.RepositoryPath}` lists the points");
        }

        if (request.Method != RestoreMethod.FromReplica && source?.Find(request.Snapshot) is null)
        {
            var here = source is null ? $"{dataset.Name} does not exist on {dataset.Node}" : $"{dataset.Name} has no snapshot @{request.Snapshot}";
            return Refuse(replica is null
                ? $"{here}; `reconciler snapshots {dataset.Name} {request.RepositoryPath}` lists the points"
                : $"{here}, but its replica on {replica.Node} ({replica.Dataset}) has: add --from-replica");
        }

        var services = new List<StoppedService>();
        foreach (var service in DatasetServices.Of(state, dataset).Where(s => s.Replicated))
        {
            if (await users.ReplicasAsync(service.Name, cancellationToken).ConfigureAwait(false) is not null)
            {
                services.Add(new StoppedService(service.Name, service.Replicas));
            }
        }

        var (holders, allContainers) = await users.HoldersAsync(dataset.Node, dataset.Mountpoint, cancellationToken).ConfigureAwait(false);
        if (holders.FirstOrDefault(h => !services.Any(s => s.Name == h.Service)) is { } foreign)
        {
            return Refuse($"{Escape.Terminal(foreign.ToString())}, and a restore stops only the replicated services of the repository that mount {dataset.Mountpoint}: "
                + $"stop it{(foreign.Service is null ? string.Empty : $" (docker service scale {foreign.Service}=0)")}, then run the restore again");
        }

        if (!allContainers)
        {
            terminal.Error.WriteLine($"reconciler: note: this engine is not on {dataset.Node}: only Swarm's tasks there were checked, not containers started by hand");
        }

        var record = draft with
        {
            Properties = await CarriedAsync(node, source is not null, cancellationToken).ConfigureAwait(false),
            Services = services,
            SourceExisted = source is not null,
            Replica = request.Method == RestoreMethod.FromReplica ? replica : null,
        };
        var plan = RestorePlanner.Plan(record, source, kept, replicaBase);
        if (plan.Refusal is { } refusal)
        {
            return Refuse(refusal);
        }

        Preview(record, plan, source);
        if (!request.Yes && !Confirm())
        {
            terminal.Error.WriteLine("reconciler: nothing restored (answer 'yes', or pass --yes when not on a terminal)");
            return null;
        }

        record.Save(stateDirectory);
        return record;
    }

    private async Task<int> FinishAsync(RestoreRecord record, bool fresh, Request request, DatasetUsers users, Stopwatch started, CancellationToken cancellationToken)
    {
        var output = terminal.Output;
        var paused = await pause.WaitSuspendedAsync(cancellationToken).ConfigureAwait(false);
        if (!paused.Paused)
        {
            if (fresh)
            {
                // Nothing was changed yet: no record is left behind to keep the controller suspended.
                RestoreRecord.Delete(stateDirectory);
            }

            Fail(paused.Note);
            return 1;
        }

        output.WriteLine($"  controller: {paused.Note}");
        foreach (var service in record.Services)
        {
            await users.ScaleAsync(service.Name, 0, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  stopped {service.Name}");
        }

        var stopping = record.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var holding = await users.WaitReleasedAsync(record.Node, dataset.Mountpoint, stopping, ReleaseTimeout, cancellationToken).ConfigureAwait(false);
        if (holding.Count > 0)
        {
            Fail($"{string.Join("; ", holding.Select(h => Escape.Terminal(h.ToString())))}: stop {(holding.Count == 1 ? "it" : "them")}, then run the restore again: {Again(record, request)}");
            return 1;
        }

        var node = nodes[record.Node];
        var (source, kept, _) = await DatasetRestore.ObserveAsync(node, record, cancellationToken).ConfigureAwait(false);
        var replicaBase = record.Replica is { } replica
            ? (await nodes[replica.Node].InventoryAsync([], [replica.Dataset], cancellationToken).ConfigureAwait(false)).SnapshotsOf(replica.Dataset)?.FirstOrDefault(s => s.Name == record.Snapshot)
            : null;
        var plan = RestorePlanner.Plan(record, source, kept, replicaBase);
        if (plan.Refusal is { } refusal)
        {
            Fail($"{refusal}; the restore is not finished: its services stay stopped and the controller suspended ({RestoreRecord.PathIn(stateDirectory)} records it)");
            return 1;
        }

        foreach (var step in plan.Steps)
        {
            output.WriteLine($"  {await DatasetRestore.RunAsync(nodes, record, step, cancellationToken).ConfigureAwait(false)}");
            if (step == RestoreStep.Rollback)
            {
                record = record with { RolledBack = true };
                record.Save(stateDirectory);
            }
        }

        await DatasetRestore.FinishAsync(node, dataset, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  {dataset.Name} mounted at {dataset.Mountpoint}, owner {dataset.Owner}:{dataset.Group} mode {dataset.Mode}");
        var healthy = await StartAsync(record, users, cancellationToken).ConfigureAwait(false);
        RestoreRecord.Delete(stateDirectory);
        await pause.ResumeAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"restored {dataset.Name} to @{record.Snapshot} in {Duration.Format(started.Elapsed)}; {Kept(record)}");
        return healthy ? 0 : 1;
    }

    /// <summary>Starts the stopped services with the repository's replicas and waits until they are healthy.</summary>
    private async Task<bool> StartAsync(RestoreRecord record, DatasetUsers users, CancellationToken cancellationToken)
    {
        if (record.Services.Count == 0)
        {
            return true;
        }

        foreach (var service in record.Services)
        {
            await users.ScaleAsync(service.Name, service.Replicas, cancellationToken).ConfigureAwait(false);
        }

        var timeout = DatasetServices.Of(state, dataset).Select(s => s.ConvergenceTimeout).DefaultIfEmpty(StackManifest.DefaultConvergenceTimeout.Value).Max();
        var report = await users.WaitHealthyAsync(record.Services.Select(s => s.Name).ToList(), timeout, cancellationToken).ConfigureAwait(false);
        foreach (var service in report.Services)
        {
            terminal.Output.WriteLine($"  {(service.Converged ? "started" : "NOT HEALTHY")} {service.Service}: {Escape.Terminal(service.Status)}");
        }

        if (!report.Converged)
        {
            Fail($"the dataset is restored, but {string.Join(", ", report.Failed.Select(s => s.Service))} did not become healthy; its logs say why (docker service ps --no-trunc)");
        }

        return report.Converged;
    }

    /// <summary>The replicas (by the repository's Replications) that hold the snapshot, with it.</summary>
    private async Task<List<(ReplicaSource Source, Snapshot Snapshot)>> ReplicasWithAsync(string snapshot, CancellationToken cancellationToken)
    {
        var found = new List<(ReplicaSource, Snapshot)>();
        foreach (var replication in state.Replications.Where(r => r.SourceDataset == dataset.Name))
        {
            try
            {
                var inventory = await nodes[replication.TargetNode].InventoryAsync([], [replication.TargetDataset], cancellationToken).ConfigureAwait(false);
                if (inventory.SnapshotsOf(replication.TargetDataset)?.FirstOrDefault(s => s.Name == snapshot) is { } there)
                {
                    found.Add((new ReplicaSource(replication.TargetNode, replication.TargetDataset), there));
                }
            }
            catch (NodeCommandException e)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: warning: cannot read the replica {replication.TargetDataset} on {replication.TargetNode}: {e.Message}"));
            }
        }

        return found;
    }

    /// <summary>What the restored dataset gets: its own properties from before, with the spec's mountpoint and properties, and reconciler's mark.</summary>
    private async Task<IReadOnlyDictionary<string, string>> CarriedAsync(StorageNode node, bool exists, CancellationToken cancellationToken)
    {
        var carried = exists
            ? new Dictionary<string, string>(await DatasetRestore.LocalPropertiesAsync(node, dataset.Name, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, value) in dataset.Properties)
        {
            carried[property] = value;
        }

        carried["mountpoint"] = dataset.Mountpoint;
        carried[ZfsProperty.Managed] = "true";
        return carried;
    }

    private void Preview(RestoreRecord record, RestorePlan plan, TimelineFacts? source)
    {
        var output = terminal.Output;
        var from = record.Replica is { } replica ? $" from {replica.Node} ({replica.Dataset})" : string.Empty;
        output.WriteLine($"restore: {record.Dataset} on {record.Node} to @{record.Snapshot}{from} ({record.Method.Name()})");
        output.WriteLine(record.Services.Count == 0
            ? "  no service of the repository runs on it"
            : $"  stops {string.Join(", ", record.Services.Select(s => s.Name))} meanwhile, and starts {(record.Services.Count == 1 ? "it" : "them")} again once restored");
        foreach (var step in plan.Steps)
        {
            output.WriteLine($"  then: {Describe(record, step)}");
        }

        if (record.Method == RestoreMethod.Rollback && source is not null)
        {
            var newer = source.Snapshots.SkipWhile(s => s.Name != record.Snapshot).Skip(1).Select(s => $"@{s.Name}").ToList();
            output.WriteLine($"  DESTROYS {(newer.Count == 0 ? string.Empty : string.Join(", ", newer) + " and ")}every change since @{record.Snapshot} (--method rollback keeps nothing of it)");
        }
    }

    private static string Describe(RestoreRecord record, RestoreStep step) => step switch
    {
        RestoreStep.SnapshotCurrent => $"snapshot {record.Dataset}@{record.PreRestore} (the current state, kept)",
        RestoreStep.SetAside => $"rename {record.Dataset} to {record.Kept} (its whole timeline is kept there)",
        RestoreStep.Detach => $"unmount {record.Kept}, make it read-only and no longer managed",
        RestoreStep.Clone => $"clone {record.Kept}@{record.Snapshot} as {record.Dataset}, with its properties",
        RestoreStep.Promote => $"promote {record.Dataset}, which then owns its snapshots up to @{record.Snapshot}",
        RestoreStep.Receive => $"stream @{record.Snapshot} from {record.Replica?.Node} ({record.Replica?.Dataset}) into a new {record.Dataset}",
        RestoreStep.CarryProperties => $"give {record.Dataset} its properties (mountpoint {record.Properties.GetValueOrDefault("mountpoint")})",
        RestoreStep.Rollback => $"roll {record.Dataset} back to @{record.Snapshot} (zfs rollback -r)",
        _ => $"mark @{record.Snapshot} as {record.Dataset}'s new base (kept; replication continues from it)",
    };

    private static string Kept(RestoreRecord record) => record.Method switch
    {
        RestoreMethod.Rollback => $"every snapshot newer than @{record.Snapshot} was destroyed",
        _ when !record.SourceExisted => "there was no earlier timeline to keep",
        _ => $"the timeline it replaced is kept as {record.Kept} (@{record.PreRestore} is its last state)",
    };

    /// <summary>The command that finishes the recorded restore.</summary>
    private static string Again(RestoreRecord record, Request request)
    {
        var method = record.Method switch
        {
            RestoreMethod.FromReplica => " --from-replica",
            RestoreMethod.Rollback => " --method rollback",
            _ => string.Empty,
        };
        return $"reconciler restore {record.Dataset} --to {record.Snapshot}{method} {request.RepositoryPath}";
    }

    private RestoreRecord? Refuse(string why)
    {
        Fail($"{why}; nothing was changed");
        return null;
    }

    private void Fail(string message) => terminal.Error.WriteLine($"reconciler: error: {message}");

    private bool Confirm()
    {
        if (Console.IsInputRedirected || !ReferenceEquals(terminal.Output, Console.Out))
        {
            return false;
        }

        terminal.Output.Write("Restore? Only 'yes' is accepted: ");
        return Console.ReadLine()?.Trim() == "yes";
    }
}
