using System.Threading.Channels;

namespace Reconciler.Controller.Loop;

/// <summary>
/// Requests for a cycle now (webhook, `reconciler sync`). At most one waits: a flood of
/// requests while a cycle runs becomes a single next cycle, never a queue of work.
/// </summary>
public sealed class CycleTrigger
{
    private readonly Channel<string> requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Asks for a cycle; false when one is already waiting (this request is folded into it).</summary>
    public bool Request(string reason) => requests.Writer.TryWrite(reason);

    /// <summary>Waits for a request or the poll interval, whichever comes first; returns why the cycle runs.</summary>
    public async Task<string> WaitAsync(TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, time, timeout.Token);
        var request = requests.Reader.WaitToReadAsync(timeout.Token).AsTask();
        var first = await Task.WhenAny(delay, request).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == request && requests.Reader.TryRead(out var reason) ? reason : "poll";
    }
}
