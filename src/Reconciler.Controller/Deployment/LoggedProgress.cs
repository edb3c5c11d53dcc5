using Microsoft.Extensions.Logging;
using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// The controller's deploy progress: one structured log event per deploy event, with its own
/// event id (1100–1199, see <see cref="LogEvents"/>) and the resource, service or stacks as fields. The words match
/// what the CLI prints ("applying", "FAIL", "converged in", "rolling back"), so a person
/// reading the journal and one reading a terminal see the same story.
/// </summary>
public sealed partial class LoggedProgress(ILogger logger) : IDeployProgress
{
    public void Report(DeployEvent progress)
    {
        switch (progress)
        {
            case DeployEvent.Applying e:
                Applying(logger, Verb(e.Action), e.Key);
                break;
            case DeployEvent.ApplyFailed e:
                ApplyFailed(logger, e.Key, e.Reason);
                break;
            case DeployEvent.Stopped e:
                Stopped(logger, e.Provider);
                break;
            case DeployEvent.Verifying e:
                Verifying(logger, e.Services);
                break;
            case DeployEvent.ServiceVerified { Converged: true } e:
                ServiceConverged(logger, e.Service, e.Status);
                break;
            case DeployEvent.ServiceVerified e:
                ServiceFailed(logger, e.Service, e.Status);
                break;
            case DeployEvent.Verified { Converged: true } e:
                Converged(logger, Math.Round(e.Elapsed.TotalSeconds, 1, MidpointRounding.AwayFromZero));
                break;
            case DeployEvent.Verified:
                NotConverged(logger);
                break;
            case DeployEvent.RollingBack e:
                RollingBack(logger, string.Join(", ", e.Stacks), CommitId.Short(e.Commit));
                break;
            case DeployEvent.RollbackUnavailable { Reason: NoRollbackReason.NotACommit }:
                RollbackUnavailableNotACommit(logger);
                break;
            case DeployEvent.RollbackUnavailable:
                RollbackUnavailableNoLastGood(logger);
                break;
            case DeployEvent.RollbackInvalid:
                RollbackInvalid(logger);
                break;
        }
    }

    private static string Verb(ChangeAction action) => action.ToString().ToLowerInvariant();

    [LoggerMessage(EventId = LogEvents.Deployment + 0, Level = LogLevel.Information, Message = "applying {Action} {Resource}")]
    private static partial void Applying(ILogger logger, string action, ResourceKey resource);

    [LoggerMessage(EventId = LogEvents.Deployment + 1, Level = LogLevel.Warning, Message = "FAIL {Resource}: {Reason}")]
    private static partial void ApplyFailed(ILogger logger, ResourceKey resource, string reason);

    [LoggerMessage(EventId = LogEvents.Deployment + 2, Level = LogLevel.Warning, Message = "nothing after it was applied; {Provider} changes are never rolled back")]
    private static partial void Stopped(ILogger logger, string provider);

    [LoggerMessage(EventId = LogEvents.Deployment + 3, Level = LogLevel.Information, Message = "verifying {Services} service(s) converge")]
    private static partial void Verifying(ILogger logger, int services);

    [LoggerMessage(EventId = LogEvents.Deployment + 4, Level = LogLevel.Information, Message = "ok {Service}: {Status}")]
    private static partial void ServiceConverged(ILogger logger, string service, string status);

    [LoggerMessage(EventId = LogEvents.Deployment + 5, Level = LogLevel.Warning, Message = "FAIL {Service}: {Status}")]
    private static partial void ServiceFailed(ILogger logger, string service, string status);

    [LoggerMessage(EventId = LogEvents.Deployment + 6, Level = LogLevel.Information, Message = "converged in {Seconds}s")]
    private static partial void Converged(ILogger logger, double seconds);

    [LoggerMessage(EventId = LogEvents.Deployment + 7, Level = LogLevel.Warning, Message = "not converged")]
    private static partial void NotConverged(ILogger logger);

    [LoggerMessage(EventId = LogEvents.Deployment + 8, Level = LogLevel.Warning, Message = "rolling back {Stacks} to the last good commit {Commit}")]
    private static partial void RollingBack(ILogger logger, string stacks, string commit);

    [LoggerMessage(EventId = LogEvents.Deployment + 9, Level = LogLevel.Warning, Message = "rollback unavailable: the repository is not a git work tree, so there is no last good commit")]
    private static partial void RollbackUnavailableNotACommit(ILogger logger);

    [LoggerMessage(EventId = LogEvents.Deployment + 10, Level = LogLevel.Warning, Message = "rollback unavailable: no earlier apply converged, so there is no last good commit")]
    private static partial void RollbackUnavailableNoLastGood(ILogger logger);

    [LoggerMessage(EventId = LogEvents.Deployment + 11, Level = LogLevel.Error, Message = "rollback failed: the last good commit no longer validates with this version of reconciler")]
    private static partial void RollbackInvalid(ILogger logger);
}
