using Docker.DotNet;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Storage;
using Reconciler.Storage.Resources;
using Reconciler.Swarm;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// observe → diff → plan for one desired state: the Swarm and the nodes' storage, one plan.
/// Errors are what makes applying unsafe (an unresolvable reference, a symlink where a
/// directory belongs, a dataset that is not ours); warnings are worth saying but not blocking.
/// </summary>
public sealed record ClusterObservation(SwarmSnapshot Swarm, StorageSnapshot Storage, Plan Plan, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public static async Task<ClusterObservation> ObserveAsync(
        SwarmProvider swarm, StorageProvider storage, DesiredState state, IRepositoryFiles files, IReadOnlyCollection<ManagedPath> knownPaths,
        CancellationToken cancellationToken)
    {
        var swarmSnapshot = await swarm.ObserveAsync(state, files, cancellationToken).ConfigureAwait(false);
        var storageSnapshot = await storage.ObserveAsync(state, knownPaths, cancellationToken).ConfigureAwait(false);
        var warnings = swarmSnapshot.UnpinnedImages
            .Select(image => $"could not resolve {image} in its registry; comparing and deploying it by tag").ToList();
        return new ClusterObservation(
            swarmSnapshot,
            storageSnapshot,
            Planner.Create(swarmSnapshot.Diff().Concat(storageSnapshot.Diff())),
            swarmSnapshot.Errors.Concat(storageSnapshot.Errors).ToList(),
            warnings);
    }

    /// <summary>True for the exceptions that mean "the engine is not reachable", as opposed to a bug.</summary>
    public static bool IsEngineUnreachable(Exception e) =>
        e is DockerApiException or HttpRequestException or System.Net.Sockets.SocketException or IOException or TimeoutException;
}
