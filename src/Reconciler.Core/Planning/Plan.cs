using Reconciler.Core.Diff;

namespace Reconciler.Core.Planning;

/// <summary>
/// A reviewed-then-applied value: the changes in the order they will be applied, plus the
/// orphans that will be left alone and how many resources already match.
/// </summary>
public sealed record Plan(IReadOnlyList<Change> Steps, IReadOnlyList<Change> Orphans, int Unchanged)
{
    public bool HasChanges => Steps.Count > 0;

    public int Count(ChangeAction action) => Steps.Count(s => s.Action == action);
}
