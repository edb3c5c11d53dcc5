using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;

namespace Reconciler.Cli.Commands;

/// <summary>Deploy progress as lines on the terminal, for a person watching an apply.</summary>
public sealed class TerminalProgress(TextWriter output) : IDeployProgress
{
    public void Report(DeployEvent progress) => output.WriteLine(progress switch
    {
        DeployEvent.Applying e => $"applying {Verb(e.Action)} {e.Key}",
        DeployEvent.ApplyFailed e => $"  FAIL {e.Reason}",
        DeployEvent.Stopped e => $"  nothing after it was applied; {e.Provider} changes are never rolled back",
        DeployEvent.Verifying e => $"verifying {e.Services} service(s) converge...",
        DeployEvent.ServiceVerified e => $"  {(e.Converged ? "ok  " : "FAIL")} {e.Service}: {e.Status}",
        DeployEvent.Verified { Converged: true } e => $"converged in {e.Elapsed.TotalSeconds:0.0}s",
        DeployEvent.Verified => "not converged",
        DeployEvent.RollingBack e => $"rolling back {string.Join(", ", e.Stacks)} to the last good commit {CommitId.Short(e.Commit)}",
        DeployEvent.RollbackUnavailable { Reason: NoRollbackReason.NotACommit } =>
            "rollback unavailable: the repository is not a git work tree, so there is no last good commit",
        DeployEvent.RollbackUnavailable => "rollback unavailable: no earlier apply converged, so there is no last good commit",
        DeployEvent.RollbackInvalid => "rollback failed: the last good commit no longer validates with this version of reconciler",
        _ => throw new ArgumentOutOfRangeException(nameof(progress), progress, "an event this terminal does not know"),
    });

    private static string Verb(ChangeAction action) => action.ToString().ToLowerInvariant();
}
