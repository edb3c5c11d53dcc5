using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.State;

/// <summary>
/// The state file (state.json in the state directory, 0600 in a 0700 directory), written
/// atomically (<see cref="PrivateFile"/>): a crash leaves the old or the new state, never half of one.
/// </summary>
public sealed class StateStore(string directory)
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { ControllerJson.Enums },
        TypeInfoResolver = ControllerJson.Default,
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
            return JsonSerializer.Deserialize(File.ReadAllText(Path), Options.Info<ReconcilerState>()) ?? ReconcilerState.Empty;
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

    /// <summary>Writes a whole state: a failover seeds it from the standby and records its steps.</summary>
    public ReconcilerState Save(ReconcilerState state)
    {
        PrivateDirectory.Ensure(directory, allowLink: true);
        PrivateFile.WriteAtomically(Path, stream => JsonSerializer.Serialize(stream, state, Options.Info<ReconcilerState>()));
        return state;
    }
}
