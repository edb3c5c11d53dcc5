using Reconciler.Core.Ssh;

namespace Reconciler.Core.Tests;

public sealed class SshArgumentsTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(rm -rf /)", "'$(rm -rf /)'")]
    public void Arguments_are_single_quoted_for_a_shell(string argument, string quoted) =>
        Assert.Equal(quoted, SshArguments.Quote(argument));

    [Fact]
    public void Without_identity_or_known_hosts_the_client_still_never_prompts_and_checks_host_keys() =>
        Assert.Equal(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"], SshArguments.Client(null, null));

    [Fact]
    public void A_connect_timeout_also_bounds_a_silent_peer_with_keepalives_and_comes_before_the_identity() =>
        Assert.Equal(
            ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=10", "-o", "ServerAliveCountMax=3", "-i", "/keys/id", "-o", "IdentitiesOnly=yes",
             "-o", "UserKnownHostsFile=/keys/known_hosts"],
            SshArguments.Client("/keys/id", "/keys/known_hosts", TimeSpan.FromSeconds(10)));
}
