using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Tests;

public sealed class SshShellTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(rm -rf /)", "'$(rm -rf /)'")]
    public void Arguments_are_single_quoted_for_the_remote_shell(string argument, string quoted) =>
        Assert.Equal(quoted, SshShell.Quote(argument));

    [Fact]
    public void The_client_never_prompts_and_checks_host_keys()
    {
        var arguments = new SshShell("root@10.0.0.2", new SshOptions("/keys/id", "/keys/known_hosts", 2222)).CommandLine(["zfs", "list", "-H"]);

        Assert.Equal(
            ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-i", "/keys/id", "-o", "IdentitiesOnly=yes",
             "-o", "UserKnownHostsFile=/keys/known_hosts", "-p", "2222", "root@10.0.0.2", "--", "'zfs' 'list' '-H'"],
            arguments);
    }
}
