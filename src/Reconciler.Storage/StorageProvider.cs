using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;
using Reconciler.Storage.Apply;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;

namespace Reconciler.Storage;

/// <summary>
/// The storage provider: desired resources (paths on each of their nodes, datasets on theirs),
/// observed ones, and an applier. It is applied before the Swarm so paths and datasets exist
/// before the services that mount them, and never rolled back: storage is never destroyed.
/// </summary>
/// <param name="knownPaths">The paths earlier applies managed, so one that left the repository shows as an orphan.</param>
public sealed class StorageProvider(StorageNodes nodes, IReadOnlyCollection<ManagedPath> knownPaths) : IResourceProvider
{
    public string Name => "storage";

    public IReadOnlyList<string> Kinds => StorageKinds.Order;

    public bool NeverRolledBack => true;

    async Task<IObservation> IResourceProvider.ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken) =>
        await ObserveAsync(state, cancellationToken).ConfigureAwait(false);

    public async Task<StorageObservation> ObserveAsync(DesiredState state, CancellationToken cancellationToken)
    {
        var desired = DesiredStorage.From(state);
        if (desired.Count == 0 && knownPaths.Count == 0 && state.Replications.Count == 0)
        {
            return new StorageObservation([], [], [], nodes);
        }

        var observed = await new StorageObserver(nodes).ObserveAsync(state, knownPaths, cancellationToken).ConfigureAwait(false);
        return new StorageObservation(desired, observed.Live, observed.Errors, nodes);
    }
}

/// <summary>One observation of storage: what the repository wants, what is there, and what blocks planning.</summary>
public sealed class StorageObservation(IReadOnlyList<Resource> desired, IReadOnlyList<Resource> live, IReadOnlyList<string> errors, StorageNodes nodes) : IObservation
{
    public IReadOnlyList<Resource> Desired => desired;

    public IReadOnlyList<Resource> Live => live;

    public IReadOnlyList<string> Errors => errors;

    public IReadOnlyList<string> Warnings => [];

    public IReadOnlyList<Change> Diff() => ResourceDiff.Compute(Desired, Live);

    /// <summary>Applies paths and datasets on the nodes; whose commit it is does not matter to storage.</summary>
    public IChangeApplier Applier(string? commit) => new StorageApplier(nodes);
}
