using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Loop;

/// <summary>What the reconcile loop logs (ids 1000–1099, see <see cref="LogEvents"/>).</summary>
internal static partial class CycleLog
{
    [LoggerMessage(LogEvents.Loop + 0, LogLevel.Information, "cycle ({Reason})")]
    public static partial void CycleStarted(ILogger logger, string reason);

    [LoggerMessage(LogEvents.Loop + 1, LogLevel.Information, "cycle done: {Outcome} in {Seconds:0.00}s")]
    public static partial void CycleDone(ILogger logger, string outcome, double seconds);

    [LoggerMessage(LogEvents.Loop + 2, LogLevel.Error, "cycle failed, nothing changed: {Error}")]
    public static partial void CycleFailed(ILogger logger, string error);

    [LoggerMessage(LogEvents.Loop + 3, LogLevel.Error, "cycle failed unexpectedly")]
    public static partial void CycleCrashed(ILogger logger, Exception exception);

    [LoggerMessage(LogEvents.Loop + 4, LogLevel.Information, "stopping: the current step was abandoned; the next start re-plans from the cluster as it is")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(LogEvents.Loop + 10, LogLevel.Information, "commit {Commit}: {Signature}")]
    public static partial void SignatureAccepted(ILogger logger, string commit, string signature);

    [LoggerMessage(LogEvents.Loop + 11, LogLevel.Warning, "commit {Commit} rejected ({Reason}): {Problems}")]
    public static partial void CommitRejected(ILogger logger, string commit, string reason, string problems);

    [LoggerMessage(LogEvents.Loop + 12, LogLevel.Warning, "the apply of {Commit} started {Started:u} was interrupted; every service was verified before anything was recorded good")]
    public static partial void InterruptedApplyResumed(ILogger logger, string commit, DateTimeOffset started);

    [LoggerMessage(LogEvents.Loop + 13, LogLevel.Information, "commit {Commit}: {Result} ({Summary})")]
    public static partial void Recorded(ILogger logger, string commit, string result, string summary);

    [LoggerMessage(LogEvents.Loop + 20, LogLevel.Warning, "storage: {Error}")]
    public static partial void StorageProblem(ILogger logger, string error);

    [LoggerMessage(LogEvents.Loop + 30, LogLevel.Information, "rebalanced {Service}: {Before} -> {After}")]
    public static partial void Rebalanced(ILogger logger, string service, string before, string after);

    [LoggerMessage(LogEvents.Loop + 31, LogLevel.Warning, "rebalance of {Service} did not converge: {Before} -> {After} ({Status})")]
    public static partial void RebalanceFailed(ILogger logger, string service, string before, string after, string status);
}
