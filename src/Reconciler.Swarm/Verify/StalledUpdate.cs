using Docker.DotNet.Models;

namespace Reconciler.Swarm.Verify;

/// <summary>
/// An update Swarm gave up on, whenever it began: paused after task failures, or rolled back (the
/// service then does not run its spec). For a service this deploy did not change — checked when a
/// commit must prove health without an update of its own, as after a crash mid-apply.
/// </summary>
public static class StalledUpdate
{
    public static ServiceConvergence? Of(SwarmService service) =>
        service.UpdateStatus?.State is "paused" or "rollback_started" or "rollback_paused" or "rollback_completed"
            ? new ServiceConvergence(service.Spec!.Name!, false, $"failed: the update {service.UpdateStatus.State.Replace('_', ' ')}: {service.UpdateStatus.Message}")
            : null;
}
