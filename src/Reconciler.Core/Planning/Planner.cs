using Reconciler.Core.Diff;

namespace Reconciler.Core.Planning;

/// <summary>
/// Orders changes safely: creates and updates by kind, in the order the providers declare their
/// kinds (providers in their own order: storage before Swarm, so paths and datasets exist before
/// the services that mount them), each moved after what its resource must follow
/// (<see cref="Resource.After"/>), then deletions in the reverse kind order so nothing is removed
/// while still in use. The core never names a kind: a new one needs only its provider.
/// </summary>
public static class Planner
{
    /// <param name="kindOrder">Every kind the changes may have, in apply order (for example every
    /// provider's <see cref="Providers.IResourceProvider.Kinds"/>, provider after provider).</param>
    /// <exception cref="ArgumentException">A change of a kind no provider declared: nothing would apply it; or
    /// changes whose resources must follow each other in a cycle.</exception>
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

        var forward = AfterWhatTheyFollow(all.Where(c => c.Action is ChangeAction.Create or ChangeAction.Update)
            .OrderBy(c => phase[c.Key.Kind]).ThenBy(c => c.Key).ToList());
        var removals = all.Where(c => c.Action == ChangeAction.Delete)
            .OrderByDescending(c => phase[c.Key.Kind]).ThenBy(c => c.Key);
        return new Plan(
            forward.Concat(removals).ToList(),
            all.Where(c => c.Action == ChangeAction.Orphan).OrderBy(c => c.Key).ToList(),
            all.Count(c => c.Action == ChangeAction.Unchanged));
    }

    /// <summary>
    /// A stable topological order: each step as early as the kind order puts it, but never before a
    /// step its resource must follow. What it follows and is not in the plan is there already.
    /// </summary>
    /// <exception cref="ArgumentException">Steps that must follow each other in a cycle: no order applies them.</exception>
    private static List<Change> AfterWhatTheyFollow(List<Change> steps)
    {
        var position = steps.Select((step, index) => (step.Key, index)).ToDictionary(p => p.Key, p => p.index);
        var follows = steps.Select(s => (s.Desired?.After ?? []).Where(position.ContainsKey).Select(k => position[k]).ToList()).ToList();
        var placed = new bool[steps.Count];
        var ordered = new List<Change>(steps.Count);
        while (ordered.Count < steps.Count)
        {
            var next = Enumerable.Range(0, steps.Count).FirstOrDefault(i => !placed[i] && follows[i].All(j => placed[j]), -1);
            if (next < 0)
            {
                var stuck = steps.Where((_, i) => !placed[i]).Select(s => s.Key.ToString());
                throw new ArgumentException($"changes that must follow each other in a cycle: {string.Join(", ", stuck)}");
            }

            placed[next] = true;
            ordered.Add(steps[next]);
        }

        return ordered;
    }
}
