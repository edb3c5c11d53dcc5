using System.Text;
using Microsoft.Extensions.Logging;

namespace Reconciler.Controller.Loop;

/// <summary>The Deployer writes progress lines; in the controller each line becomes a log entry.</summary>
internal sealed class LogWriter(ILogger logger) : TextWriter
{
    private readonly StringBuilder line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            logger.LogInformation("{Progress}", line.ToString());
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }
}
