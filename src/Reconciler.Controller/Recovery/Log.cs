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
}
