using Reconciler.Core.Model;
using Reconciler.Storage.Paths;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// What readiness for a failover is judged on, observed beforehand: the desired state, what the
/// worker holds (replicas, standby, images, paths, its own reconciler) and what only the manager
/// knows (its last good commit, the digests its services run, the addresses it answers on).
/// </summary>
public sealed record FailoverObservation(
    DesiredState Desired,
    string Manager,
    string Worker,
    IReadOnlySet<string> ManagerHosts,
    IReadOnlyDictionary<string, ReplicaObservation> Replicas,
    StandbyCopy Standby,
    string? LastGoodCommit,
    IReadOnlySet<string> WorkerImages,
    IReadOnlyDictionary<string, string> RunningImages,
    IReadOnlyDictionary<string, PathState> WorkerPaths,
    CommandObservation WorkerReconciler);

/// <summary>A target dataset on the worker: whether it exists and when its newest snapshot was taken.</summary>
public sealed record ReplicaObservation(bool Exists, DateTimeOffset? NewestSnapshot);

/// <summary>Whether a command ran on a node, with its first line of output or error.</summary>
public sealed record CommandObservation(bool Succeeded, string Detail);
