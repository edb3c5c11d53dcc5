using Reconciler.Core.Diff;

namespace Reconciler.Core.Providers;

/// <summary>
/// One apply by one provider: each change of its kinds in plan order, then a check that what it
/// applied took. It remembers what it applied, so verifying needs no list from the caller.
/// </summary>
public interface IChangeApplier
{
    /// <exception cref="ApplyFailure">The engine or a node refused the change.</exception>
    Task ApplyAsync(Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until what was applied works (Swarm: the changed services converged), reporting on
    /// <paramref name="progress"/>; returns the units (see <see cref="Resources.ResourceOwner.Unit"/>)
    /// that did not. A provider with nothing to wait for returns none at once.
    /// </summary>
    /// <param name="verifyAllSince">When set, everything desired must prove healthy, changed or not, counting
    /// failures from then (an apply interrupted at that time is being resumed).</param>
    Task<IReadOnlyList<string>> VerifyAsync(DateTimeOffset? verifyAllSince, IDeployProgress progress, CancellationToken cancellationToken);
}
