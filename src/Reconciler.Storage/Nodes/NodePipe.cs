using System.Globalization;

namespace Reconciler.Storage.Nodes;

/// <summary>
/// Streams one node's command output into another node's command (zfs send into zfs receive)
/// without the controller holding the stream in memory. When either side fails, the other is
/// stopped, so an interrupted transfer ends cleanly on both nodes.
/// </summary>
public static class NodePipe
{
    private const int BufferSize = 1 << 20;

    // A fixed script, never built from input: the two argument vectors arrive as positional
    // parameters ($1 = the sender's argument count), so nothing in them is interpreted.
    private const string PipelineScript =
        "\"${@:2:$1}\" | \"${@:$(($1 + 2))}\" >&2; s=(\"${PIPESTATUS[@]}\"); echo \"${s[0]} ${s[1]}\"";

    public static async Task<PipeResult> RunAsync(
        INodeShell from, IReadOnlyList<string> send, INodeShell to, IReadOnlyList<string> receive, CancellationToken cancellationToken) =>
        from.RunsHere
            ? await KernelPipeAsync(send, to.CommandLine(receive), cancellationToken).ConfigureAwait(false)
            : await CopyAsync(from, send, to, receive, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The sender runs here: let the kernel connect it to the receiver (over ssh or local), so
    /// the bytes are copied once less than through the controller (measured: 1.55x slower that way).
    /// </summary>
    private static async Task<PipeResult> KernelPipeAsync(IReadOnlyList<string> send, IReadOnlyList<string> receive, CancellationToken cancellationToken)
    {
        var commandLine = new List<string> { "bash", "-c", PipelineScript, "reconciler-pipe", send.Count.ToString(CultureInfo.InvariantCulture) };
        commandLine.AddRange(send);
        commandLine.AddRange(receive);
        using var pipeline = NodeProcess.StartGroup(commandLine);
        pipeline.Input.Close();
        var output = new StreamReader(pipeline.Output).ReadToEndAsync(CancellationToken.None);
        CommandResult result;
        try
        {
            result = await pipeline.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            pipeline.Kill();
            throw;
        }

        var codes = (await output.ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return codes.Length == 2 && int.TryParse(codes[0], CultureInfo.InvariantCulture, out var sent) && int.TryParse(codes[1], CultureInfo.InvariantCulture, out var received)
            ? new PipeResult(new CommandResult(sent, string.Empty, result.Error), new CommandResult(received, string.Empty, result.Error), null)
            : new PipeResult(result, result, null);
    }

    /// <summary>Both ends are elsewhere: copy through fixed buffers.</summary>
    private static async Task<PipeResult> CopyAsync(
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
            // One side went away (killed ssh, full target, cancellation): stop both, report both;
            // the receiver first, so that it never takes the sender's end for the end of the stream.
            receiver.Kill();
            sender.Kill();
            if (e is OperationCanceledException)
            {
                throw;
            }
        }

        var sent = await sender.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        var received = await receiver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        return new PipeResult(sent, received, bytes);
    }
}

/// <summary>How both ends of a pipe ended; Bytes is known only when the controller copied the stream.</summary>
public sealed record PipeResult(CommandResult Sender, CommandResult Receiver, long? Bytes)
{
    public bool Succeeded => Sender.Succeeded && Receiver.Succeeded;
}
