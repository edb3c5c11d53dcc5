using Reconciler.Core.Ssh;

namespace Reconciler.Storage.Nodes;

/// <summary>
/// Commands on another node through the OpenSSH client, with the options every connection of
/// reconciler shares (<see cref="SshArguments"/>), a connect timeout and a shared connection
/// per node. The remote side gets one command line in which every argument is single-quoted,
/// so nothing is expanded there.
/// </summary>
public sealed class SshShell(string destination, SshOptions options) : INodeShell
{
    // Checked (created, owner, mode) once per shell: the check starts a process.
    private bool controlDirectoryChecked;

    public string Address => destination;

    public bool RunsHere => false;

    public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command)
    {
        List<string> arguments = ["ssh", .. SshArguments.Client(options.IdentityFile, options.KnownHostsFile, options.ConnectTimeout)];

        // A unix socket path has ~104 usable bytes; ssh adds a 17-byte suffix while it sets one up.
        if (options.ControlDirectory is { } directory && !OperatingSystem.IsWindows() && directory.Length + 1 + 12 + 1 + 40 + 17 < 104)
        {
            // One connection per node, reused by every command (a handshake costs ~0.3 s, and a
            // cycle runs several commands). The socket name includes a hash of these options, so
            // a different identity or known_hosts file never rides on an existing connection.
            if (!controlDirectoryChecked)
            {
                PrivateDirectory.Ensure(directory);
                controlDirectoryChecked = true;
            }

            arguments.AddRange(["-o", "ControlMaster=auto", "-o", $"ControlPath={directory}/{options.Fingerprint}-%C", "-o", "ControlPersist=60"]);
        }

        if (options.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.Add(destination);
        arguments.Add("--");
        arguments.Add(string.Join(' ', command.Select(SshArguments.Quote)));
        return arguments;
    }
}

/// <summary>How to reach nodes over ssh; nothing here is ever logged.</summary>
public sealed record SshOptions(string? IdentityFile, string? KnownHostsFile, int? Port = null)
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where shared connections' sockets live (a private directory), or null for a new connection per command.</summary>
    public string? ControlDirectory { get; init; }

    /// <summary>
    /// The socket directory: "ssh" in the state directory, private (0700) like it, never under a
    /// shared /tmp where another user could create it first or swap what is inside.
    /// </summary>
    public static string ControlDirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "ssh");

    internal string Fingerprint => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{IdentityFile}\n{KnownHostsFile}\n{Port}")))[..12];
}
