using System.Net.Sockets;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Is the lost manager really gone? Tries a TCP connection to its swarm port and its ssh port
/// from the survivor. A failover must not run while either answers: a swarm that answers would
/// become a second cluster with the same services, and a machine that answers ssh is up and may
/// still write its datasets (split brain). A refused connection means the address is up but
/// nothing listens there, which for the swarm port means its Docker is down.
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

    /// <summary>Why a failover must not run, or null when nothing of the manager answers.</summary>
    public static string? Refusal(string manager, IReadOnlyList<ProbeResult> probes)
    {
        if (probes.FirstOrDefault(p => p.Outcome == ProbeOutcome.Answered && p.Service == "swarm") is { } swarm)
        {
            return $"{manager}'s swarm still answers at {swarm.Endpoint}: it is not lost, and a failover now would make a second swarm running the same services. "
                + $"If {manager} must be replaced, stop Docker on it or power it off, then run failover again";
        }

        if (probes.FirstOrDefault(p => p.Outcome == ProbeOutcome.Answered) is { } up)
        {
            return $"{manager} still answers {up.Service} at {up.Endpoint}: the machine is up and may still write its datasets. "
                + $"Fence it first (stop Docker there and `zfs set readonly=on` its datasets) or power it off, then run failover again";
        }

        return null;
    }
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
