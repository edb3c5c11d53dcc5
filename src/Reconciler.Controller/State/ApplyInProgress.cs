using Reconciler.Core.Planning;

namespace Reconciler.Controller.State;

/// <summary>
/// An apply that began changing the cluster and has not been recorded yet. It is written before
/// the first change and cleared by the record, so one left in the state means the process died
/// mid-apply: the next apply resumes it as an apply (verify, roll back if needed), never as a no-op.
/// </summary>
public sealed record ApplyInProgress(string? Commit, DateTimeOffset Started, IReadOnlyList<string> Stacks)
{
    /// <summary>The mark for a plan about to be applied: its commit and the stacks (or storage) it changes.</summary>
    public static ApplyInProgress Of(string? commit, Plan plan, DateTimeOffset now) =>
        new(commit, now, plan.Steps.Select(s => s.Owner.Unit).Distinct().Order(StringComparer.Ordinal).ToList());
}
