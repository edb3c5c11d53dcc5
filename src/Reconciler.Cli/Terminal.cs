namespace Reconciler.Cli;

/// <summary>Where the command writes, and whether it may use colour (never when NO_COLOR is set or output is redirected).</summary>
public sealed record Terminal(TextWriter Output, TextWriter Error, bool Color)
{
    public static Terminal For(TextWriter output, TextWriter error)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new Terminal(output, error, interactive && !noColor);
    }

    public string Paint(string text, string ansi) => Color ? $"\u001b[{ansi}m{text}\u001b[0m" : text;

    /// <summary>Asks on the console; only a typed "yes" agrees, and nothing agrees when no one is at a terminal.</summary>
    public bool Confirm(string question)
    {
        if (Console.IsInputRedirected || !ReferenceEquals(Output, Console.Out))
        {
            return false;
        }

        Output.Write($"{question} Only 'yes' is accepted: ");
        return Console.ReadLine()?.Trim() == "yes";
    }
}
