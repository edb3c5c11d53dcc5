namespace Reconciler.Storage.Zfs;

/// <summary>
/// What the zfs on one node can do. OpenZFS 2.x and zfs-fuse (pool version 23) share the
/// commands the controller needs; OpenZFS adds resumable receive, more compression and more.
/// Detected once per node with one call, so nothing assumes OpenZFS-only flags.
/// </summary>
public sealed record ZfsFeatures(string Flavor, bool ResumableReceive, IReadOnlySet<string> Compression)
{
    /// <summary>OpenZFS counts the bytes written to a dataset since its newest snapshot (`written`); zfs-fuse has no such property.</summary>
    public bool Written { get; init; }

    private static readonly string[] Classic =
        ["on", "off", "lzjb", "gzip", "gzip-1", "gzip-2", "gzip-3", "gzip-4", "gzip-5", "gzip-6", "gzip-7", "gzip-8", "gzip-9", "zle"];

    /// <summary>zfs-fuse 0.7: pool version 23, no `zfs version`, no lz4, no resumable send, no holds or bookmarks.</summary>
    public static ZfsFeatures ZfsFuse { get; } = new("zfs-fuse (pool version 23)", false, Classic.ToHashSet(StringComparer.Ordinal));

    public static ZfsFeatures OpenZfs(string version) => new(
        version,
        true,
        Classic.Concat(["lz4", "zstd", "zstd-fast"]).Concat(Enumerable.Range(1, 19).Select(level => $"zstd-{level}")).ToHashSet(StringComparer.Ordinal))
    {
        Written = true,
    };

    /// <summary>The command whose success tells OpenZFS (it prints "zfs-2.x.y") from zfs-fuse (it has no such verb).</summary>
    public static IReadOnlyList<string> DetectCommand { get; } = ["zfs", "version"];

    public static ZfsFeatures FromDetection(int exitCode, string output) =>
        exitCode == 0 && output.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("zfs-", StringComparison.Ordinal)) is { } line
            ? OpenZfs(line)
            : ZfsFuse;

    /// <summary>Why a declared property value cannot work on this zfs, or null.</summary>
    public string? Unsupported(string property, string value) =>
        property == "compression" && !Compression.Contains(value)
            ? $"compression={value} is not supported by {Flavor} (it supports {string.Join(", ", Compression.Order(StringComparer.Ordinal))})"
            : null;
}
