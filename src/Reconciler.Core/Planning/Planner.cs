using Reconciler.Core.Diff;

namespace Reconciler.Core.Planning;

/// <summary>
/// Orders changes safely: creates and updates by kind, in the order the providers declare their
/// kinds (providers in their own order: storage before Swarm, so paths and datasets exist before
/// the services that mount them), then deletions in the reverse order so nothing is removed
/// while still in use. The core never names a kind: a new one needs only its provider.
/// </summary>
public static class Planner
{
    /// <param name="kindOrder">Every kind the changes may have, in apply order (for example every
    /// provider's <see cref="Providers.IResourceProvider.Kinds"/>, provider after provider).</param>
    /// <exception cref="ArgumentException">A change of a kind no provider declared: nothing would apply it.</exception>
    public static Plan Create(IEnumerable<Change> changes, IReadOnlyList<string> kindOrder)
    {
        var all = changes.ToList();
        var phase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in kindOrder)
        {
            phase.TryAdd(kind, phase.Count);
        }

        if (all.FirstOrDefault(c => !phase.ContainsKey(c.Key.Kind)) is { } stray)
        {
            throw new ArgumentException($"no provider declares the kind of {stray.Key}", nameof(changes));
        }

        var forward = all.Where(c => c.Action is ChangeAction.Create or ChangeAction.Update)
            .OrderBy(c => phase[c.Key.Kind]).ThenBy(c => c.Key);
        var removals = all.Where(c => c.Action == ChangeAction.Delete)
            .OrderByDescending(c => phase[c.Key.Kind]).ThenBy(c => c.Key);
        return new Plan(
            forward.Concat(removals).ToList(),
            all.Where(c => c.Action == ChangeAction.Orphan).OrderBy(c => c.Key).ToList(),
            all.Count(c => c.Action == ChangeAction.Unchanged));
    }
}
