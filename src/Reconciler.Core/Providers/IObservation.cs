using Reconciler.Core.Resources;

namespace Reconciler.Core.Providers;

/// <summary>
/// One provider's observation: desired and live resources for the core's diff, what blocks
/// planning, and the way to apply changes to what was observed. Applying hangs off the
/// observation, not the provider, because it needs what was seen (Swarm IDs, node versions):
/// the provider keeps that typed inside, and nothing has to be cast back out of a common type.
/// </summary>
public interface IObservation
{
    IReadOnlyList<Resource> Desired { get; }

    IReadOnlyList<Resource> Live { get; }

    /// <summary>What makes applying unsafe (an unresolvable reference, a dataset that is not ours).</summary>
    IReadOnlyList<string> Errors { get; }

    /// <summary>What is worth saying but does not block (an image the registry could not resolve).</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>A fresh apply of changes to this observation, on behalf of <paramref name="commit"/> (null: not a commit).</summary>
    IChangeApplier Applier(string? commit);
}
