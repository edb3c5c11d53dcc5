using System.Globalization;
using System.Text;

namespace Reconciler.Core.Ssh;

/// <summary>
/// The OpenSSH client arguments every connection reconciler makes starts with, to a node
/// (Storage's node shell) or to a git server (the Git mirror's wrapper): batch mode, so it
/// never prompts; strict host key checking; and, when configured, only the given identity
/// and known_hosts file. It is pure text, so it lives in Core, where both adapters can use it
/// without one of them depending on the other.
/// </summary>
public static class SshArguments
{
    /// <param name="connectTimeout">How long to wait for the connection, and between keepalives of an open one (3 missed end it); null leaves ssh's own defaults.</param>
    public static IReadOnlyList<string> Client(string? identityFile, string? knownHostsFile, TimeSpan? connectTimeout = null)
    {
        var arguments = new List<string> { "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes" };
        if (connectTimeout is { } timeout)
        {
            // The same bound for a peer that vanishes silently later (power cut, cable): without
            // keepalives a command on it, or every command on a shared connection, waits for TCP to give up.
            var seconds = ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(["-o", $"ConnectTimeout={seconds}", "-o", $"ServerAliveInterval={seconds}", "-o", "ServerAliveCountMax=3"]);
        }

        if (identityFile is { } identity)
        {
            arguments.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        if (knownHostsFile is { } knownHosts)
        {
            arguments.AddRange(["-o", $"UserKnownHostsFile={knownHosts}"]);
        }

        return arguments;
    }

    /// <summary>POSIX single quotes, for a shell that will split the line again (the remote side, a wrapper script): only the quote itself needs care.</summary>
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
