using Reconciler.Core.Recovery;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// A failover as the survivor's state records it: the overlay (who stands in for whom, its epoch,
/// the RPO it gave up), the commit it applied, and the swarm it created, so that a failover cut
/// off half-way is finished by running it again, never started over with a new epoch.
/// </summary>
public sealed record FailoverRecord(FailoverOverlay Overlay, string Commit)
{
    /// <summary>The ID of the swarm the survivor created; null until it did.</summary>
    public string? SwarmId { get; init; }

    /// <summary>True once the overlaid desired state was applied and converged.</summary>
    public bool Applied { get; init; }
}
