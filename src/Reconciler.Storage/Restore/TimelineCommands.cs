using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Restore;

/// <summary>
/// The zfs argument vectors around a <see cref="TimelineSwap"/>: those that read and carry a
/// dataset's own properties, and mark the snapshot a restore based it on. All of them work on
/// zfs-fuse (pool version 23) as on OpenZFS; checked on the lab.
/// </summary>
public static class TimelineCommands
{
    /// <summary>Properties that can only be chosen when a dataset is created: a clone inherits them from its origin.</summary>
    private static readonly HashSet<string> CreationOnly = new(StringComparer.Ordinal)
    {
        "casesensitivity", "normalization", "utf8only", "volblocksize", "encryption", "keyformat", "keylocation", "pbkdf2iters",
    };

    /// <summary>Takes a property off a dataset, so it inherits it again (for a user property: has none).</summary>
    public static IReadOnlyList<string> Inherit(string dataset, string property) => ["zfs", "inherit", property, dataset];

    /// <summary>Marks a snapshot as the base a restore stamped <paramref name="stamp"/> gave its dataset.</summary>
    public static IReadOnlyList<string> Mark(string dataset, string snapshot, string stamp) => ZfsCommands.Set($"{dataset}@{snapshot}", ZfsProperty.Restore, stamp);

    /// <summary>The properties set on the dataset itself (not inherited, not defaults), as exact numbers.</summary>
    public static IReadOnlyList<string> LocalProperties(string dataset) => ["zfs", "get", "-H", "-p", "-s", "local", "-o", "property,value", "all", dataset];

    /// <summary>What <see cref="LocalProperties"/> printed, without those only a dataset's creation can choose.</summary>
    public static IReadOnlyDictionary<string, string> ParseLocal(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && !CreationOnly.Contains(fields[0]))
            .ToDictionary(fields => fields[0], fields => fields[1], StringComparer.Ordinal);
}
