using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Loop;

/// <summary>The reconcile loop's log events (ids 1000–1099).</summary>
internal static partial class CycleLog
{
    [LoggerMessage(1000, LogLevel.Information, "cycle ({Reason})")]
    public static partial void CycleStarted(ILogger logger, string reason);

    [LoggerMessage(1001, LogLevel.Information, "cycle done: {Outcome} in {Seconds:0.00}s")]
    public static partial void CycleDone(ILogger logger, string outcome, double seconds);

    [LoggerMessage(1002, LogLevel.Error, "cycle failed, nothing changed: {Error}")]
    public static partial void CycleFailed(ILogger logger, string error);

    [LoggerMessage(1003, LogLevel.Error, "cycle failed unexpectedly")]
    public static partial void CycleCrashed(ILogger logger, Exception exception);

    [LoggerMessage(1004, LogLevel.Information, "stopping: the current step was abandoned; the next start re-plans from the cluster as it is")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(1010, LogLevel.Information, "commit {Commit}: {Signature}")]
    public static partial void SignatureAccepted(ILogger logger, string commit, string signature);

    [LoggerMessage(1011, LogLevel.Warning, "commit {Commit} rejected ({Reason}): {Problems}")]
    public static partial void CommitRejected(ILogger logger, string commit, string reason, string problems);

    [LoggerMessage(1012, LogLevel.Warning, "the apply of {Commit} started {Started:u} was interrupted; every service was verified before anything was recorded good")]
    public static partial void InterruptedApplyResumed(ILogger logger, string commit, DateTimeOffset started);

    [LoggerMessage(1013, LogLevel.Information, "commit {Commit}: {Result} ({Summary})")]
    public static partial void Recorded(ILogger logger, string commit, string result, string summary);

    [LoggerMessage(1020, LogLevel.Warning, "storage: {Error}")]
    public static partial void StorageProblem(ILogger logger, string error);
}
