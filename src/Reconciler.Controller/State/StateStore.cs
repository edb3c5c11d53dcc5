using System.Text.Json;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.State;

/// <summary>
/// The state file (state.json in the state directory, 0600 in a 0700 directory), written atomically: the new content goes
/// to a temporary file that is flushed and then renamed over the old one, so a crash at any
/// moment leaves either the old or the new state, never half of one.
/// </summary>
public sealed class StateStore(string directory)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { StateNames.Converter() },
    };

    public const string DefaultDirectory = "/var/lib/reconciler";


    public string Path { get; } = System.IO.Path.Combine(directory, "state.json");

    public ReconcilerState Load()
    {
        if (!File.Exists(Path))
        {
            return ReconcilerState.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<ReconcilerState>(File.ReadAllText(Path), Options) ?? ReconcilerState.Empty;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the state file {Path} is damaged ({e.Message}); move it aside to start with no history", e);
        }
    }

    /// <param name="paths">The host paths the applied repository manages; remembered when the apply succeeded.</param>
    public ReconcilerState Record(ApplyRecord record, IReadOnlyList<ManagedPath>? paths = null) => Save(Load().With(record, paths));

    /// <summary>Marks an apply as begun, before it changes anything; its record clears the mark.</summary>
    public ReconcilerState Begin(ApplyInProgress apply) => Save(Load() with { InProgress = apply });

    private ReconcilerState Save(ReconcilerState state)
    {
        PrivateDirectory.Ensure(directory, allowLink: true);
        var temporary = Path + ".tmp";

        // A temporary file a crash left behind keeps its old mode when reopened: start afresh, 0600.
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, PrivateFile()))
        {
            JsonSerializer.Serialize(stream, state, Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
        return state;
    }

    private static FileStreamOptions PrivateFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateDirectory.FileMode;
        }

        return options;
    }
}
