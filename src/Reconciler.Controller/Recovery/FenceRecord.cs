using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
namespace Reconciler.Controller.Recovery;

/// <summary>
/// This node was failed over (or could not tell whether it was) and fenced itself: its datasets
/// read-only and unmounted so that no writer starts on stale data. Kept as fenced.json in the
/// state directory, which also keeps the controller suspended, until `reconciler guard --release`.
/// </summary>
public sealed record FenceRecord(DateTimeOffset At, string Reason, long? Epoch, string Survivor, IReadOnlyList<string> Datasets)
{
    /// <summary>The swarm the survivor created (null when no failover was found): this node leaves any other it is in.</summary>
    public string? SurvivorSwarm { get; init; }

    /// <summary>True when a failover was found, not only suspected: then the stale swarm is left too.</summary>
    public bool FailedOver => Epoch is not null;

    public const string File = "fenced.json";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, File);

    public static FenceRecord? Load(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(System.IO.File.ReadAllBytes(path), StandbyManifest.Json.Info<FenceRecord>());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged ({e.Message}); this node stays fenced until it is repaired or released by hand", e);
        }
    }

    public void Save(string stateDirectory)
    {
        Storage.Nodes.PrivateDirectory.Ensure(stateDirectory, allowLink: true);
        PrivateFile.WriteAtomically(PathIn(stateDirectory), stream => JsonSerializer.Serialize(stream, this, StandbyManifest.Json.Info<FenceRecord>()));
    }

    /// <summary>"fenced since 2026-12-02 10:00:00Z: hermes took over (epoch 1); tank/app read-only and unmounted".</summary>
    public string Describe() =>
        $"fenced since {At:u}: {Reason}; {(Datasets.Count == 0 ? "no dataset here" : string.Join(", ", Datasets))} read-only and unmounted";
}
