namespace Reconciler.Storage.Nodes;

/// <summary>
/// Streams one node's command output into another node's command (zfs send into zfs receive)
/// through fixed buffers: the controller never holds the stream in memory. When either side
/// fails, the other is stopped, so an interrupted transfer ends cleanly on both nodes.
/// </summary>
public static class NodePipe
{
    private const int BufferSize = 1 << 20;

    public static async Task<(CommandResult Sender, CommandResult Receiver, long Bytes)> RunAsync(
        INodeShell from, IReadOnlyList<string> send, INodeShell to, IReadOnlyList<string> receive, CancellationToken cancellationToken)
    {
        using var sender = from.Start(send);
        using var receiver = to.Start(receive);
        sender.Input.Close();
        long bytes = 0;
        var buffer = new byte[BufferSize];
        try
        {
            int read;
            while ((read = await sender.Output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await receiver.Input.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                bytes += read;
            }

            receiver.Input.Close();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // One side went away (killed ssh, full target, cancellation): stop both, report both.
            sender.Kill();
            receiver.Kill();
            if (e is OperationCanceledException)
            {
                throw;
            }
        }

        var sent = await sender.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        var received = await receiver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        return (sent, received, bytes);
    }
}
