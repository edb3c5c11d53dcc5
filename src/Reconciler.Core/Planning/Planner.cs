using Reconciler.Core.Diff;

namespace Reconciler.Core.Planning;

/// <summary>
/// Orders changes safely: creates and updates by kind (the policy a diff shows, then node labels, paths and datasets first,
/// so storage exists before the services that mount it; then networks, configs, secrets,
/// services), then deletions in the reverse order so nothing is removed while still in use.
/// </summary>
public static class Planner
{
    private static readonly string[] Order =
        ["policy", "node-label", "path", "dataset", "snapshot-policy", "replication", "network", "config", "secret", "volume", "service"];

    public static Plan Create(IEnumerable<Change> changes)
    {
        var all = changes.ToList();
        var forward = all.Where(c => c.Action is ChangeAction.Create or ChangeAction.Update)
            .OrderBy(c => Phase(c.Key.Kind)).ThenBy(c => c.Key);
        var removals = all.Where(c => c.Action == ChangeAction.Delete)
            .OrderByDescending(c => Phase(c.Key.Kind)).ThenBy(c => c.Key);
        return new Plan(
            forward.Concat(removals).ToList(),
            all.Where(c => c.Action == ChangeAction.Orphan).OrderBy(c => c.Key).ToList(),
            all.Count(c => c.Action == ChangeAction.Unchanged));
    }

    private static int Phase(string kind)
    {
        var index = Array.IndexOf(Order, kind);
        return index < 0 ? Order.Length : index;
    }
}
