using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Notifications;

/// <summary>What notification delivery logs (ids 1200–1299, see <see cref="LogEvents"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.Notifications, Level = LogLevel.Warning,
        Message = "notification {Event} to {Type} target not delivered after retries: {Error}")]
    public static partial void NotDelivered(ILogger logger, string @event, string type, string error);
}
