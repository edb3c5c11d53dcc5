using System.Text;

namespace Reconciler.Storage.Nodes;

/// <summary>
/// Commands on another node through the OpenSSH client: batch mode (never a password prompt),
/// a configured identity and known_hosts with strict host key checking. The remote side gets
/// one command line in which every argument is single-quoted, so nothing is expanded there.
/// </summary>
public sealed class SshShell(string destination, SshOptions options) : INodeShell
{
    public string Address => destination;

    public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command)
    {
        var arguments = new List<string>
        {
            "ssh",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", $"ConnectTimeout={(int)options.ConnectTimeout.TotalSeconds}",
        };
        if (options.IdentityFile is { } identity)
        {
            arguments.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        if (options.KnownHostsFile is { } knownHosts)
        {
            arguments.AddRange(["-o", $"UserKnownHostsFile={knownHosts}"]);
        }

        if (options.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.Add(destination);
        arguments.Add("--");
        arguments.Add(string.Join(' ', command.Select(Quote)));
        return arguments;
    }

    /// <summary>POSIX single quotes: the only character needing care inside them is the quote itself.</summary>
    public static string Quote(string argument)
    {
        var text = new StringBuilder("'");
        foreach (var c in argument)
        {
            text.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return text.Append('\'').ToString();
    }
}

/// <summary>How to reach nodes over ssh; nothing here is ever logged.</summary>
public sealed record SshOptions(string? IdentityFile, string? KnownHostsFile, int? Port = null)
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
