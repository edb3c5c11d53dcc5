using System.Net.Sockets;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Is the lost manager really gone? Tries a TCP connection to its swarm port and its ssh port
/// from the survivor. A failover must not run while its swarm answers: that would become a second
/// cluster with the same services. A machine that answers ssh is up and may still write its
/// datasets (split brain): it is fenced over ssh first (<see cref="ManagerFence"/>). A refused
/// connection means the address is up but nothing listens there, which for the swarm port means
/// its Docker is down.
/// </summary>
public static class ManagerProbe
{
    public const int SwarmPort = 2377;

    public const int SshPort = 22;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<ProbeResult> ConnectAsync(string host, int port, string service, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return new ProbeResult(service, host, port, ProbeOutcome.Answered, "answers");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new ProbeResult(service, host, port, ProbeOutcome.Refused, "refused: the address is up, nothing listens");
        }
        catch (SocketException e)
        {
            return new ProbeResult(service, host, port, ProbeOutcome.Unreachable, $"unreachable ({e.Message})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(service, host, port, ProbeOutcome.Unreachable, $"no answer within {Timeout.TotalSeconds:0}s");
        }
    }

    /// <summary>Why a failover must not run, or null when the manager's swarm does not answer.</summary>
    public static string? Refusal(string manager, IReadOnlyList<ProbeResult> probes) =>
        probes.FirstOrDefault(p => p.Outcome == ProbeOutcome.Answered && p.Service == "swarm") is { } swarm
            ? $"{manager}'s swarm still answers at {swarm.Endpoint}: it is not lost, and a failover now would make a second swarm running the same services. "
                + $"If {manager} must be replaced, stop Docker on it or power it off, then run failover again"
            : null;

    /// <summary>The ssh port that answered: the machine is up, so it must be fenced before anything takes over.</summary>
    public static ProbeResult? UpOverSsh(IReadOnlyList<ProbeResult> probes) =>
        probes.FirstOrDefault(p => p.Outcome == ProbeOutcome.Answered && p.Service == "ssh");
}

public enum ProbeOutcome
{
    Answered,
    Refused,
    Unreachable,
}

public sealed record ProbeResult(string Service, string Host, int Port, ProbeOutcome Outcome, string Detail)
{
    public string Endpoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public override string ToString() => $"{Service} {Endpoint}: {Detail}";
}
