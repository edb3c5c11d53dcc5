using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Storage.Apply;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;

namespace Reconciler.Storage;

/// <summary>
/// The storage provider's jobs, as the Swarm provider's: desired resources (paths on each of
/// their nodes, datasets on theirs), observed ones, and an applier. The core diffs and orders
/// them: paths and datasets come before the services that mount them.
/// </summary>
public sealed class StorageProvider(StorageNodes nodes)
{
    public async Task<StorageSnapshot> ObserveAsync(DesiredState state, IReadOnlyCollection<ManagedPath> knownPaths, CancellationToken cancellationToken)
    {
        var desired = DesiredStorage.From(state);
        if (desired.Count == 0 && knownPaths.Count == 0 && state.Replications.Count == 0)
        {
            return new StorageSnapshot([], [], []);
        }

        var observed = await new StorageObserver(nodes).ObserveAsync(state, knownPaths, cancellationToken).ConfigureAwait(false);
        return new StorageSnapshot(desired, observed.Live, observed.Errors);
    }

    public StorageApplier Applier() => new(nodes);
}

/// <summary>One observation of storage: what the repository wants, what is there, and what blocks planning.</summary>
public sealed record StorageSnapshot(IReadOnlyList<Resource> Desired, IReadOnlyList<Resource> Live, IReadOnlyList<string> Errors)
{
    public IReadOnlyList<Change> Diff() => ResourceDiff.Compute(Desired, Live);

    /// <summary>The paths this repository manages, to remember after an apply.</summary>
    public IReadOnlyList<ManagedPath> ManagedPaths =>
        Desired.Where(r => r.Key.Kind == StorageKinds.Path).Select(r => new ManagedPath(r.Key.Node!, r.Key.Name)).ToList();
}
