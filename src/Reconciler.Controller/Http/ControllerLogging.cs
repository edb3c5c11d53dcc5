using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Reconciler.Controller.Configuration;

namespace Reconciler.Controller.Http;

/// <summary>
/// The controller's log output: one line per entry on stdout (journald keeps it), as text or, for
/// log shippers, as one JSON object per line with the event id, level, category, message and
/// the message's named values. Call it after UseSystemd, whose journal formatter it replaces.
/// </summary>
public static class ControllerLogging
{
    public static void Configure(ILoggingBuilder logging, LogOptions options)
    {
        if (options.Format == LogOptions.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

                // Log lines are read by people and parsers, never embedded in HTML: keep ' and + as they are.
                json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
        }

        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }
}
