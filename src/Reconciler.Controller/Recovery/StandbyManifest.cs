using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reconciler.Controller.Serialization;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// What a standby copy holds: the commit it was written for, when, by which manager, the failover
/// epoch then current, and the SHA-256 of every file beside it, so a reader can tell a complete,
/// intact copy from a damaged or half-written one.
/// </summary>
public sealed record StandbyManifest(
    string Commit, DateTimeOffset WrittenAt, string Manager, long Epoch, IReadOnlyDictionary<string, string> Checksums)
{
    /// <summary>The layout's version; a reader refuses a copy written in a format it does not know.</summary>
    public int Format { get; init; } = CurrentFormat;

    public const int CurrentFormat = 1;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = ControllerJson.Default,
    };

    public static StandbyManifest For(string commit, DateTimeOffset writtenAt, string manager, long epoch, IReadOnlyDictionary<string, byte[]> files) =>
        new(commit, writtenAt, manager, epoch, files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => Checksum(f.Value), StringComparer.Ordinal));

    public static string Checksum(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json.Info<StandbyManifest>());

    /// <summary>The manifest in a file, or null with why it cannot be read.</summary>
    public static (StandbyManifest? Manifest, string? Problem) Parse(byte[] content)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(content, Json.Info<StandbyManifest>());
            return manifest is { Commit: not null, Manager: not null, Checksums: not null }
                ? manifest.Format == CurrentFormat ? (manifest, null) : (null, $"it has format {manifest.Format}; this reconciler reads format {CurrentFormat}")
                : (null, "it lacks the commit, manager or checksums");
        }
        catch (JsonException e)
        {
            return (null, $"it is not a manifest ({e.Message})");
        }
    }

    /// <summary>Each file the manifest lists that is missing or whose content differs; empty when the copy is intact.</summary>
    public IReadOnlyList<string> Verify(IReadOnlyDictionary<string, byte[]> files) =>
        Checksums.Select(expected => !files.TryGetValue(expected.Key, out var content) ? $"{expected.Key} is missing"
                : Checksum(content) != expected.Value ? $"{expected.Key} does not match its checksum"
                : null)
            .OfType<string>()
            .ToList();
}
