using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Writers;

/// <summary>What the writer check logs (ids 1700–1799, see <see cref="LogEvents"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.Writers, Level = LogLevel.Warning, Message = "second writer on {Dataset}: {Detail}; what to do: {Remedy}")]
    public static partial void SecondWriter(ILogger logger, string dataset, string detail, string remedy);

    [LoggerMessage(EventId = LogEvents.Writers + 1, Level = LogLevel.Warning, Message = "{Container} on {Node}, which wrote {Dataset}: {Action}")]
    public static partial void Guarded(ILogger logger, string container, string node, string dataset, string action);

    [LoggerMessage(EventId = LogEvents.Writers + 2, Level = LogLevel.Information, Message = "no second writer on {Dataset} any more")]
    public static partial void Cleared(ILogger logger, string dataset);

    [LoggerMessage(EventId = LogEvents.Writers + 3, Level = LogLevel.Warning, Message = "the writer check could not look everywhere: {Error}")]
    public static partial void NotObserved(ILogger logger, string error);
}
