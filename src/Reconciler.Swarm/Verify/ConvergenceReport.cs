namespace Reconciler.Swarm.Verify;

/// <summary>Whether the services a deploy touched converged, and if not, why, in the engine's own words.</summary>
public sealed record ConvergenceReport(bool Converged, IReadOnlyList<ServiceConvergence> Services, TimeSpan Elapsed)
{
    public IEnumerable<ServiceConvergence> Failed => Services.Where(s => !s.Converged);
}

public sealed record ServiceConvergence(string Service, bool Converged, string Status);
