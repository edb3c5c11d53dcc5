using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Recovery;

/// <summary>What recovery logs (ids 1600–1699, see <see cref="LogEvents"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.Recovery, Level = LogLevel.Warning,
        Message = "the standby on {Worker} was not refreshed: {Error}; a failover now would start from {Held}")]
    public static partial void StandbyNotRefreshed(ILogger logger, string worker, string error, string held);

    [LoggerMessage(EventId = LogEvents.Recovery + 1, Level = LogLevel.Information, Message = "standby on {Worker} refreshed to {Commit}")]
    public static partial void StandbyRefreshed(ILogger logger, string worker, string commit);

    [LoggerMessage(EventId = LogEvents.Recovery + 2, Level = LogLevel.Warning,
        Message = "failover to {Worker} is not possible now: {Problems} problem(s), first: {Check} {Subject}: {Detail} (see `reconciler check failover`)")]
    public static partial void FailoverNotReady(ILogger logger, string worker, int problems, string check, string subject, string detail);

    [LoggerMessage(EventId = LogEvents.Recovery + 3, Level = LogLevel.Information, Message = "failover ready: {Worker} can take over from {Manager}")]
    public static partial void FailoverReady(ILogger logger, string worker, string manager);
}
