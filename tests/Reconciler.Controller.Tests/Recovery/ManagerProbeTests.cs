using System.Net;
using System.Net.Sockets;
using Reconciler.Controller.Recovery;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>
/// Whether the lost manager really is gone, probed with real connections on loopback: a
/// listener answers, a closed port refuses. A failover runs only when nothing answers.
/// </summary>
public sealed class ManagerProbeTests
{
    [Fact]
    public async Task A_listening_port_answers_and_a_closed_one_refuses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = FreePort();

        var answered = await ManagerProbe.ConnectAsync("127.0.0.1", open, "swarm", CancellationToken.None);
        var refused = await ManagerProbe.ConnectAsync("127.0.0.1", closed, "ssh", CancellationToken.None);

        Assert.Equal(ProbeOutcome.Answered, answered.Outcome);
        Assert.Equal(ProbeOutcome.Refused, refused.Outcome);
        Assert.Equal($"ssh 127.0.0.1:{closed}: refused: the address is up, nothing listens", refused.ToString());
    }

    [Fact]
    public void A_swarm_that_answers_refuses_the_failover_whatever_else_answers()
    {
        var why = ManagerProbe.Refusal("atlas", [Probe("ssh", ProbeOutcome.Answered), Probe("swarm", ProbeOutcome.Answered)]);

        Assert.StartsWith("atlas's swarm still answers at 10.0.0.1:2377: it is not lost", why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_machine_that_answers_ssh_is_not_refused_but_must_be_fenced_first()
    {
        IReadOnlyList<ProbeResult> probes = [Probe("swarm", ProbeOutcome.Refused), Probe("ssh", ProbeOutcome.Answered)];

        Assert.Null(ManagerProbe.Refusal("atlas", probes));
        Assert.Equal("10.0.0.1:22", ManagerProbe.UpOverSsh(probes)?.Endpoint);
    }

    [Fact]
    public void Nothing_answering_lets_the_failover_run_unfenced_even_where_the_address_is_up()
    {
        IReadOnlyList<ProbeResult> probes = [Probe("swarm", ProbeOutcome.Refused), Probe("ssh", ProbeOutcome.Unreachable)];

        Assert.Null(ManagerProbe.Refusal("atlas", probes));
        Assert.Null(ManagerProbe.UpOverSsh(probes));
    }

    [Fact]
    public void An_ipv6_endpoint_is_bracketed()
    {
        Assert.Equal("[fd00::1]:2377", new ProbeResult("swarm", "fd00::1", 2377, ProbeOutcome.Unreachable, "x").Endpoint);
    }

    private static ProbeResult Probe(string service, ProbeOutcome outcome) =>
        new(service, "10.0.0.1", service == "swarm" ? ManagerProbe.SwarmPort : ManagerProbe.SshPort, outcome, outcome.ToString());

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
