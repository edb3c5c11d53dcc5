using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
using Reconciler.Storage.Nodes;
namespace Reconciler.Controller.Recovery;

/// <summary>
/// The worker's state.json, read and written from the manager over ssh: a failover records its
/// overlay there, the returning manager's guard reads it, and a failback ends the overlay there.
/// </summary>
public static class WorkerState
{
    /// <summary>The worker's state file is small; anything larger is not one reconciler wrote.</summary>
    private const int MaxStateBytes = 16 << 20;

    public static string PathIn(string workerStateDirectory) => Path.Combine(workerStateDirectory, "state.json");

    /// <summary>The worker's state; Absent when it keeps none; otherwise a problem saying why it could not be read.</summary>
    public static async Task<WorkerStateRead> ReadAsync(StorageNode worker, string workerStateDirectory, CancellationToken cancellationToken)
    {
        var path = PathIn(workerStateDirectory);
        var read = await worker.Shell.RunAsync(["sh", "-c", $"head -c {MaxStateBytes} -- \"$1\"", "reconciler-state", path], cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            var why = read.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {read.ExitCode}";
            return read.ExitCode == 1 && why.Contains("No such file", StringComparison.Ordinal)
                ? new WorkerStateRead(null, null, Absent: true)
                : new WorkerStateRead(null, why, Absent: false);
        }

        try
        {
            return new WorkerStateRead(JsonSerializer.Deserialize(read.Output, StateStore.Options.Info<ReconcilerState>()) ?? ReconcilerState.Empty, null, Absent: false);
        }
        catch (JsonException e)
        {
            return new WorkerStateRead(null, $"its {path} does not read ({e.Message})", Absent: false);
        }
    }

    /// <summary>Replaces the worker's state file atomically (a temporary file renamed over it), private to root.</summary>
    public static async Task WriteAsync(StorageNode worker, string workerStateDirectory, ReconcilerState state, CancellationToken cancellationToken)
    {
        var path = PathIn(workerStateDirectory);
        string[] command = ["sh", "-c", "umask 077 && cat > \"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"", "reconciler-state", path];
        using var write = worker.Shell.Start(command);
        var output = write.Output.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            await JsonSerializer.SerializeAsync(write.Input, state, StateStore.Options.Info<ReconcilerState>(), cancellationToken).ConfigureAwait(false);
            write.Input.Close();
        }
        catch (IOException)
        {
            // The remote side ended early: its exit status says why.
        }

        await output.ConfigureAwait(false);
        var result = await write.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new NodeCommandException(worker.Name, ["sh", "-c", "(write the state)", path], result);
        }
    }
}

/// <summary>The worker's state, or why it could not be read (Absent: it keeps none).</summary>
public sealed record WorkerStateRead(ReconcilerState? State, string? Problem, bool Absent);
