using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
using Reconciler.Core.Text;
using Reconciler.Storage.Restore;

namespace Reconciler.Controller.Recovery;

/// <summary>How a restore brings a snapshot back.</summary>
public enum RestoreMethod
{
    /// <summary>Clone the snapshot and swap it in: the timeline before is kept as &lt;dataset&gt;.before-restore-&lt;time&gt;.</summary>
    Clone,

    /// <summary>zfs rollback -r: destroys every snapshot newer than the one restored (opt-in).</summary>
    Rollback,

    /// <summary>Stream the snapshot back from a replica; the dataset's own timeline is kept aside as with Clone.</summary>
    FromReplica,
}

/// <summary>A service stopped for a restore, and the replicas it gets back (the repository's).</summary>
public sealed record StoppedService(string Name, ulong Replicas);

/// <summary>Where a restore from a replica streams from.</summary>
public sealed record ReplicaSource(string Node, string Dataset);

/// <summary>
/// A restore that has begun and not finished, kept as restore.json in the state directory from
/// before its first change until its services run again. While it exists the controller stays
/// suspended and apply refuses, so nothing starts a service on a half-restored dataset; running
/// the same restore again reads it and finishes what is left.
/// </summary>
public sealed record RestoreRecord(
    string Dataset,
    string Node,
    string Snapshot,
    RestoreMethod Method,
    string Stamp,
    DateTimeOffset Started,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<StoppedService> Services,
    bool SourceExisted,
    ReplicaSource? Replica)
{
    public const string File = "restore.json";

    private static readonly JsonSerializerOptions Json = new(StandbyManifest.Json) { Converters = { ControllerJson.Enums } };

    /// <summary>Set once a rollback ran: it is never run twice (the second would take what came after the first).</summary>
    public bool RolledBack { get; init; }

    /// <summary>The dataset that keeps the timeline this restore replaced.</summary>
    public string Kept => RestoreNames.Kept(Dataset, Stamp);

    /// <summary>The snapshot of the state this restore replaced.</summary>
    public string PreRestore => RestoreNames.PreRestore(Stamp);

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, File);

    public static RestoreRecord? Load(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(System.IO.File.ReadAllBytes(path), Json.Info<RestoreRecord>());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged ({e.Message}); the controller stays suspended until it is repaired or removed by hand", e);
        }
    }

    public void Save(string stateDirectory)
    {
        Storage.Nodes.PrivateDirectory.Ensure(stateDirectory, allowLink: true);
        PrivateFile.WriteAtomically(PathIn(stateDirectory), stream => JsonSerializer.Serialize(stream, this, Json.Info<RestoreRecord>()));
    }

    public static void Delete(string stateDirectory) => System.IO.File.Delete(PathIn(stateDirectory));

    /// <summary>"restoring tank/app to reconciler_20261126T101500Z (clone), begun 2026-11-26 10:20:00Z".</summary>
    public string Describe() => $"restoring {Dataset} to {Snapshot} ({Method.Name()}), begun {Started:u}";
}
