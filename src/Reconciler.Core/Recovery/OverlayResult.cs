using Reconciler.Core.Model;

namespace Reconciler.Core.Recovery;

/// <summary>
/// A failover overlay applied to a desired state. Problems mean the overlay cannot stand in for
/// the lost node (applying <see cref="State"/> would lose data or leave a writer unplaced): the
/// failover must refuse. Warnings are what the overlay changes that a person should know.
/// </summary>
public sealed record OverlayResult(DesiredState State, IReadOnlyList<OverlayProblem> Problems, IReadOnlyList<OverlayProblem> Warnings)
{
    public bool CanApply => Problems.Count == 0;
}

/// <summary>One thing the overlay could not map, or mapped with a loss: what it is about and what to do.</summary>
public sealed record OverlayProblem(string Subject, string Message)
{
    public override string ToString() => $"{Subject}: {Message}";
}
