using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Tests;

public sealed class SshShellTests
{
    [Fact]
    public void The_client_never_prompts_and_checks_host_keys()
    {
        var arguments = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts", 2222)).CommandLine(["zfs", "list", "-H"]);

        Assert.Equal(
            ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=10", "-o", "ServerAliveCountMax=3", "-i", "/keys/id", "-o", "IdentitiesOnly=yes",
             "-o", "UserKnownHostsFile=/keys/known_hosts", "-p", "2222", "root@10.0.0.2", "--", "'zfs' 'list' '-H'"],
            arguments);
    }

    [Fact]
    public void Commands_to_a_node_share_one_connection_per_identity_and_known_hosts()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"s-{Guid.NewGuid():N}"[..10]);
        var one = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts") { ControlDirectory = directory }).CommandLine(["true"]);
        var other = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/other/known_hosts") { ControlDirectory = directory }).CommandLine(["true"]);

        var path = Assert.Single(one, a => a.StartsWith("ControlPath=", StringComparison.Ordinal));
        Assert.StartsWith($"ControlPath={directory}/", path, StringComparison.Ordinal);
        Assert.DoesNotContain(path, other);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, OperatingSystem.IsWindows() ? 0 : File.GetUnixFileMode(directory));
        Directory.Delete(directory);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_existing_socket_directory_that_others_can_enter_is_made_private()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"s-{Guid.NewGuid():N}"[..10]);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts") { ControlDirectory = directory }).CommandLine(["true"]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Directory.Delete(directory);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_symlink_in_place_of_the_socket_directory_is_refused()
    {
        var target = Directory.CreateTempSubdirectory("s-").FullName;
        var link = target + "-l";
        Directory.CreateSymbolicLink(link, target);
        try
        {
            var shell = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts") { ControlDirectory = link });

            var error = Assert.Throws<IOException>(() => shell.CommandLine(["true"]));
            Assert.Contains("is a symlink", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(link);
            Directory.Delete(target);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_socket_directory_another_user_owns_is_refused()
    {
        // As root, a directory handed to nobody; as anyone else, one root owns.
        var asRoot = Environment.UserName == "root";
        var directory = asRoot ? Directory.CreateTempSubdirectory("s-").FullName : "/usr";
        if (asRoot)
        {
            using var chown = System.Diagnostics.Process.Start("chown", ["nobody", directory]);
            chown.WaitForExit();
        }

        var shell = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts") { ControlDirectory = directory });

        var error = Assert.Throws<IOException>(() => shell.CommandLine(["true"]));
        Assert.Contains($"belongs to {(asRoot ? "nobody" : "root")}", error.Message, StringComparison.Ordinal);
        if (asRoot)
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void The_socket_directory_lives_in_the_state_directory_not_a_shared_temporary_one() =>
        Assert.Equal("/var/lib/reconciler/ssh", SshOptions.ControlDirectoryIn("/var/lib/reconciler"));

    [Fact]
    public void A_socket_directory_too_long_for_a_unix_socket_means_a_connection_per_command()
    {
        var directory = "/" + new string('d', 60);

        var arguments = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts") { ControlDirectory = directory }).CommandLine(["true"]);

        Assert.DoesNotContain(arguments, a => a.StartsWith("ControlPath=", StringComparison.Ordinal));
        Assert.False(Directory.Exists(directory));
    }
}
