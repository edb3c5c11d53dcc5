namespace Reconciler.Core.Providers;

/// <summary>
/// Where a deploy reports how it goes, as typed events: the CLI prints them on the terminal, the
/// controller logs them as structured events. Reporting must not fail the deploy.
/// </summary>
public interface IDeployProgress
{
    void Report(DeployEvent progress);
}
