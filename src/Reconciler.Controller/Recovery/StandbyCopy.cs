using System.Text;
using System.Text.Json;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
namespace Reconciler.Controller.Recovery;

/// <summary>
/// The standby as found on the worker: the intact copy ("current", else "previous") with its
/// manifest, or none, and what was wrong on the way (a damaged "current" is reported even when
/// "previous" stands in for it).
/// </summary>
public sealed record StandbyCopy(string? Location, StandbyManifest? Manifest, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<string> Problems)
{
    public static StandbyCopy Absent(string why) => new(null, null, new Dictionary<string, byte[]>(), [why]);

    /// <summary>True when an intact copy was found (possibly the previous one).</summary>
    public bool Usable => Manifest is not null;

    /// <summary>How old the copy is: now minus when the manager wrote it.</summary>
    public TimeSpan? Age(DateTimeOffset now) => Manifest is { } manifest ? now - manifest.WrittenAt : null;

    /// <summary>
    /// Picks the copy from the files of the standby directory ("current/manifest.json", ...):
    /// "current" when its manifest reads and every checksum matches, else "previous" when it does.
    /// </summary>
    public static StandbyCopy From(IReadOnlyDictionary<string, byte[]> files)
    {
        var problems = new List<string>();
        foreach (var location in new[] { StandbyLayout.Current, StandbyLayout.Previous })
        {
            var prefix = location + "/";
            var content = files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(f => f.Key[prefix.Length..], f => f.Value, StringComparer.Ordinal);
            if (content.Count == 0)
            {
                continue;
            }

            if (!content.TryGetValue(StandbyLayout.Manifest, out var manifestBytes))
            {
                problems.Add($"{location}: {StandbyLayout.Manifest} is missing");
                continue;
            }

            var (manifest, problem) = StandbyManifest.Parse(manifestBytes);
            var damaged = manifest?.Verify(content) ?? [problem!];
            if (damaged.Count == 0)
            {
                return new StandbyCopy(location, manifest, content, problems);
            }

            problems.AddRange(damaged.Select(d => $"{location}: {d}"));
        }

        if (problems.Count == 0)
        {
            problems.Add("the standby directory holds no copy");
        }

        return new StandbyCopy(null, null, new Dictionary<string, byte[]>(), problems);
    }

    public IRepositoryFiles DesiredState() => DesiredStateArchive.Unpack(File(StandbyLayout.DesiredState));

    public ReconcilerState State() => JsonSerializer.Deserialize(File(StandbyLayout.State), StateStore.Options.Info<ReconcilerState>()) ?? ReconcilerState.Empty;

    public SwarmInitParameters Swarm() => JsonSerializer.Deserialize(File(StandbyLayout.Swarm), StandbyManifest.Json.Info<SwarmInitParameters>())
        ?? throw new InvalidDataException($"{StandbyLayout.Swarm} in the standby is empty");

    public string Configuration() => Encoding.UTF8.GetString(File(StandbyLayout.Configuration));

    private byte[] File(string name) => Files.TryGetValue(name, out var content)
        ? content
        : throw new InvalidOperationException($"the standby has no usable copy: {string.Join("; ", Problems)}");
}
