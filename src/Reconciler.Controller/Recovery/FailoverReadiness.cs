using Reconciler.Core.Model;
using Reconciler.Storage.Paths;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Can the worker take over right now? Judges an observation, touching nothing: every writer's
/// dataset replicated to the worker within maxLag (the RPO a failover now would have), the
/// standby intact and on the last good commit, every stack's image available to the worker
/// without the manager, every path that would move present there with its owner and mode (or
/// inside a dataset whose replica takes it along), and the worker's own reconciler runnable.
/// One finding per check and subject.
/// </summary>
public static class FailoverReadiness
{
    public static IReadOnlyList<ReadinessFinding> Assess(FailoverObservation observation, DateTimeOffset now) =>
    [
        .. Replicas(observation, now),
        Standby(observation, now),
        .. Images(observation),
        .. Paths(observation),
        Reconciler(observation),
    ];

    public static bool Ready(IEnumerable<ReadinessFinding> findings) => findings.All(f => f.Ok);

    /// <summary>The findings with the verdict and the RPO of each replicated writer's dataset.</summary>
    public static FailoverReport Report(FailoverObservation observation, DateTimeOffset now)
    {
        var findings = Assess(observation, now);
        var rpo = Writers(observation.Desired, observation.Manager, observation.Worker)
            .Where(w => w.Replication is not null)
            .ToDictionary(w => w.Dataset.Name, w => now - observation.Replicas.GetValueOrDefault(w.Replication!.TargetDataset)?.NewestSnapshot is { } age ? (double?)age.TotalSeconds : null);
        return new FailoverReport(Ready(findings), now, observation.Worker, observation.Manager, findings, rpo);
    }

    /// <summary>Not ready, because the worker could not be asked: one problem that says why, and no RPO known.</summary>
    public static FailoverReport Unreachable(DesiredState desired, string manager, string worker, string reason, DateTimeOffset now) => new(
        false, now, worker, manager,
        [Problem("worker", worker, $"cannot check it: {reason}", $"bring {worker} back and make sure {manager} reaches it over ssh: a failover runs there")],
        Writers(desired, manager, worker).Where(w => w.Replication is not null).ToDictionary(w => w.Dataset.Name, _ => (double?)null));

    /// <summary>Each dataset a service writes on the manager, with the Replication that sends it to the worker (null when none does).</summary>
    private static IEnumerable<(DatasetManifest Dataset, ReplicationManifest? Replication)> Writers(DesiredState desired, string manager, string worker) =>
        desired.Datasets.Where(d => d.Writer is not null && d.Node == manager).OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => (d, desired.Replications.FirstOrDefault(r => r.SourceDataset == d.Name && r.TargetNode == worker)));

    private static IEnumerable<ReadinessFinding> Replicas(FailoverObservation observation, DateTimeOffset now)
    {
        foreach (var (dataset, replication) in Writers(observation.Desired, observation.Manager, observation.Worker))
        {
            if (replication is null)
            {
                yield return Problem("replica", dataset.Name, $"written by {dataset.Writer}, but no Replication sends it to {observation.Worker}: a failover would start it empty",
                    $"add a Replication with source {dataset.Name} and target node {observation.Worker}");
                continue;
            }

            var target = $"{observation.Worker}:{replication.TargetDataset}";
            var replica = observation.Replicas.GetValueOrDefault(replication.TargetDataset);
            if (replica is not { Exists: true })
            {
                yield return Problem("replica", dataset.Name, $"{target} does not exist yet", "run `reconciler replicate` (or wait for the controller's storage cycle) and check that it succeeds");
                continue;
            }

            if (replica.NewestSnapshot is not { } newest)
            {
                yield return Problem("replica", dataset.Name, $"{target} has no snapshot to start from", "run `reconciler replicate` and check that it succeeds");
                continue;
            }

            var rpo = now - newest;
            var limit = replication.LagLimit;
            var within = rpo <= limit;
            var detail = $"{target}: RPO {Duration.Format(rpo)} (maxLag {Duration.Format(limit)})";
            yield return within
                ? Ok("replica", dataset.Name, detail)
                : Problem("replica", dataset.Name, detail + ": a failover now would lose more than maxLag",
                    $"see `reconciler status` for replication {replication.Name}; run `reconciler replicate` and fix what it reports");
        }
    }

    private static ReadinessFinding Standby(FailoverObservation observation, DateTimeOffset now)
    {
        var copy = observation.Standby;
        if (copy.Manifest is not { } manifest)
        {
            return Problem("standby", observation.Worker, string.Join("; ", copy.Problems),
                "the controller writes it after each successful apply; check its log for the standby refresh");
        }

        var detail = $"{CommitId.Short(manifest.Commit)} written {manifest.WrittenAt:u} ({Duration.Format(now - manifest.WrittenAt)} ago)"
            + (copy.Problems.Count > 0 ? $"; {copy.Location} copy used: {string.Join("; ", copy.Problems)}" : string.Empty);
        return observation.LastGoodCommit is { } good && good != manifest.Commit
            ? Problem("standby", observation.Worker, $"{detail}, but the last good commit is {CommitId.Short(good)}",
                "it is refreshed after the next successful apply; check the controller's log for why the last refresh failed")
            : Ok("standby", observation.Worker, detail);
    }

    private static IEnumerable<ReadinessFinding> Images(FailoverObservation observation)
    {
        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var stack in observation.Desired.Stacks)
        {
            foreach (var service in observation.Desired.ComposeOf(stack)?.Services ?? [])
            {
                if (service.Image is { } image)
                {
                    // The digest the manager's service runs is what the worker must have, when it is known.
                    images.TryAdd(observation.RunningImages.GetValueOrDefault($"{stack.Name}_{service.Name}", image), $"{stack.Name}/{service.Name}");
                }
            }
        }

        foreach (var (image, user) in images)
        {
            var reference = ImageReference.Parse(image);
            if (reference.LocalNames().Any(observation.WorkerImages.Contains))
            {
                yield return Ok("image", image, $"present on {observation.Worker} ({user})");
            }
            else if (observation.ManagerHosts.Contains(reference.RegistryHost))
            {
                yield return Problem("image", image,
                    $"not on {observation.Worker}, and its registry {reference.Registry} runs on {observation.Manager}, which a failover has lost ({user})",
                    $"pull it on {observation.Worker} now (docker pull {image}), or host the registry on another machine");
            }
            else
            {
                yield return Ok("image", image, $"not on {observation.Worker}; it would pull it from {reference.Registry} ({user})");
            }
        }
    }

    private static IEnumerable<ReadinessFinding> Paths(FailoverObservation observation)
    {
        foreach (var path in observation.Desired.Paths.Where(p => p.IsOn(observation.Manager)).OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            var expected = $"{path.Owner}:{path.Group} {path.Mode}";
            if (Carrier(observation, path) is { } carrier)
            {
                yield return InReplica(observation, path, carrier);
                continue;
            }

            if (!path.IsOn(observation.Worker))
            {
                yield return Problem("path", path.Path, $"declared only for {string.Join(", ", path.Nodes)}; services bound to it cannot run on {observation.Worker}",
                    $"add {observation.Worker} to the nodes of Path {path.Name} (or drop nodes:), then apply");
                continue;
            }

            var state = observation.WorkerPaths.GetValueOrDefault(path.Path) ?? PathState.Missing(path.Path);
            var found = $"{state.Owner}:{state.Group} {state.Mode}";
            yield return state.Kind != PathKind.Directory
                ? Problem("path", path.Path, $"{state.Type} on {observation.Worker}, not a directory", "run `reconciler apply` (the controller creates it on every node of the Path)")
                : state.Owner != path.Owner || state.Group != path.Group || state.Mode.TrimStart('0') != path.Mode.TrimStart('0')
                    ? Problem("path", path.Path, $"{found} on {observation.Worker}, declared {expected}", "run `reconciler apply` to set the owner and mode")
                    : Ok("path", path.Path, $"{expected} on {observation.Worker}");
        }
    }

    /// <summary>The Replication that sends the worker the manager's dataset a path lies inside, if one does.</summary>
    private static ReplicationManifest? Carrier(FailoverObservation observation, PathManifest path) =>
        observation.Desired.Datasets
            .Where(d => d.Node == observation.Manager && d.Mountpoint.Length > 0 && d.Mountpoint != path.Path && HostPath.IsUnder(path.Path, d.Mountpoint))
            .SelectMany(d => observation.Desired.Replications.Where(r => r.SourceDataset == d.Name && r.TargetNode == observation.Worker))
            .FirstOrDefault();

    /// <summary>
    /// A path inside a replicated dataset moves with the replica, which a failover mounts where the
    /// dataset was. Made on the worker too, it would sit on its root filesystem under that mountpoint.
    /// </summary>
    private static ReadinessFinding InReplica(FailoverObservation observation, PathManifest path, ReplicationManifest carrier) =>
        path.IsOn(observation.Worker)
            ? Problem("path", path.Path,
                $"inside dataset {carrier.SourceDataset}, but declared for {observation.Worker} too: made there on the root filesystem, it is in the way of the replica {carrier.TargetDataset} a failover mounts above it",
                $"declare Path {path.Name} for {observation.Manager} only (nodes: [{observation.Manager}]), it moves with the replica; then remove {path.Path} on {observation.Worker}")
            : Ok("path", path.Path, $"inside dataset {carrier.SourceDataset}: it moves to {observation.Worker} with the replica {carrier.TargetDataset}");

    private static ReadinessFinding Reconciler(FailoverObservation observation) =>
        observation.WorkerReconciler.Succeeded
            ? Ok("reconciler", observation.Worker, observation.WorkerReconciler.Detail)
            : Problem("reconciler", observation.Worker, $"cannot run it there: {observation.WorkerReconciler.Detail}",
                $"install reconciler on {observation.Worker} (README, Install), the failover runs there");

    private static ReadinessFinding Ok(string check, string subject, string detail) => new(check, subject, true, detail);

    private static ReadinessFinding Problem(string check, string subject, string detail, string remedy) => new(check, subject, false, detail, remedy);
}
