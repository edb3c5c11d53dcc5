using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
namespace Reconciler.Controller.Recovery;

/// <summary>
/// The manager's note of its last standby refresh (standby.json in its state directory): the copy
/// it last wrote to the worker and, when the latest attempt failed, when and why. Status reads it.
/// </summary>
public sealed record StandbyRecord(string Worker, string Directory, StandbyManifest? Written, DateTimeOffset AttemptedAt, string? Error)
{
    /// <summary>How the worker is reached (its ssh destination): the boot guard asks it before Docker starts, with no repository at hand.</summary>
    public string? Address { get; init; }

    /// <summary>The worker's state directory, where a failover there records its epoch.</summary>
    public string WorkerStateDirectory => System.IO.Path.GetDirectoryName(Directory) ?? Directory;

    public static StandbyRecord? Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, StandbyLayout.RefreshRecord);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), StandbyManifest.Json.Info<StandbyRecord>());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged ({e.Message}); remove it, the next apply writes it again", e);
        }
    }

    public void Save(string stateDirectory)
    {
        Storage.Nodes.PrivateDirectory.Ensure(stateDirectory, allowLink: true);
        PrivateFile.WriteAtomically(Path.Combine(stateDirectory, StandbyLayout.RefreshRecord), stream => JsonSerializer.Serialize(stream, this, StandbyManifest.Json.Info<StandbyRecord>()));
    }
}
