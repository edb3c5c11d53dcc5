using System.Globalization;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Zfs;

/// <summary>
/// Every dataset and snapshot on one node with the properties asked for, read with a single
/// `zfs get -H -p` (zfs-fuse has no `list -p`; `get` without a dataset covers them all).
/// </summary>
public sealed class ZfsInventory
{
    private readonly Dictionary<string, Dictionary<string, string>> datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Snapshot>> snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> snapshotProperties = new(StringComparer.Ordinal);

    private ZfsInventory()
    {
    }

    /// <summary>The properties every observation reads, before those the manifests declare.</summary>
    public static IReadOnlyList<string> BaseProperties { get; } = ["type", "guid", "creation", "createtxg", "mountpoint", "mounted", ZfsProperty.Managed, ZfsProperty.Restore];

    /// <summary>OpenZFS keeps a token on a target whose resumable receive was interrupted.</summary>
    public const string ResumeToken = "receive_resume_token";

    /// <summary>
    /// What judging a replication target needs besides the base properties: whether it can be
    /// written, and what tells how much was since its newest snapshot (see <see cref="WrittenSinceNewestSnapshot"/>).
    /// </summary>
    public static IReadOnlyList<string> ReplicaProperties(ZfsFeatures features) =>
        features.Written ? ["readonly", "written"] : ["readonly", "used", "referenced"];

    /// <summary>
    /// Every dataset on the node (to find managed ones that left the repository), or only the
    /// given ones and their snapshots (-d 1): a pool can hold hundreds of datasets, and the
    /// snapshot cycle needs only its own.
    /// </summary>
    public static IReadOnlyList<string> GetCommand(IEnumerable<string> declared, IReadOnlyCollection<string>? only = null)
    {
        var properties = string.Join(',', BaseProperties.Concat(declared).Distinct(StringComparer.Ordinal));
        return only is null
            ? ["zfs", "get", "-H", "-p", "-o", "name,property,value", properties]
            : ["zfs", "get", "-H", "-p", "-d", "1", "-o", "name,property,value", properties, .. only.Order(StringComparer.Ordinal)];
    }

    /// <summary>True when a scoped get failed only because some of the datasets do not exist (yet).</summary>
    public static bool OnlyMissing(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(line => line.Contains("dataset does not exist", StringComparison.Ordinal));

    public static ZfsInventory Parse(string output)
    {
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 3)
            .GroupBy(fields => fields[0], StringComparer.Ordinal);
        var inventory = new ZfsInventory();
        foreach (var row in rows)
        {
            // A dataset and its parent both asked for with -d 1 print the dataset twice.
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in row)
            {
                properties[field[1]] = field[2];
            }

            var at = row.Key.IndexOf('@', StringComparison.Ordinal);
            if (properties.GetValueOrDefault("type") == "snapshot" && at > 0)
            {
                var created = long.TryParse(properties.GetValueOrDefault("creation"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : DateTimeOffset.MinValue;
                var dataset = row.Key[..at];
                inventory.snapshotProperties[row.Key] = properties;
                if (!inventory.snapshots.TryGetValue(dataset, out var list))
                {
                    inventory.snapshots[dataset] = list = [];
                }

                list.Add(new Snapshot(
                    row.Key[(at + 1)..],
                    created,
                    properties.GetValueOrDefault("guid"),
                    long.TryParse(properties.GetValueOrDefault("createtxg"), NumberStyles.None, CultureInfo.InvariantCulture, out var txg) ? txg : 0,
                    properties.GetValueOrDefault(ZfsProperty.Restore) is { } mark and not "-" ? mark : null));
            }
            else if (properties.GetValueOrDefault("type") is "filesystem" or "volume")
            {
                inventory.datasets[row.Key] = properties;
            }
        }

        return inventory;
    }

    /// <summary>
    /// Records snapshots a receive just created (same names, GUIDs and creation times as on the
    /// source), so a cycle need not ask the target node again.
    /// </summary>
    public void AddReceived(string dataset, IEnumerable<Snapshot> received)
    {
        datasets.TryAdd(dataset, new Dictionary<string, string>(StringComparer.Ordinal) { ["type"] = "filesystem" });
        if (!snapshots.TryGetValue(dataset, out var list))
        {
            snapshots[dataset] = list = [];
        }

        list.AddRange(received.Where(r => !list.Any(s => s.SameAs(r))));
    }

    public bool Exists(string dataset) => datasets.ContainsKey(dataset);

    /// <summary>A property's value ("-" when unset), or null when the dataset does not exist.</summary>
    public string? Get(string dataset, string property) =>
        datasets.TryGetValue(dataset, out var properties) ? properties.GetValueOrDefault(property, "-") : null;

    public bool IsManaged(string dataset) => Get(dataset, ZfsProperty.Managed) == "true";

    public IEnumerable<string> Datasets => datasets.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> ManagedDatasets => datasets.Keys.Where(IsManaged).Order(StringComparer.Ordinal);

    /// <summary>
    /// Bytes written to the dataset since its newest snapshot, as far as the properties read tell:
    /// OpenZFS's `written`; on zfs-fuse, which lacks it, what the newest snapshot alone still holds
    /// (`used`: blocks the dataset overwrote or freed) plus how far the dataset's `referenced` moved
    /// from the snapshot's (blocks it added). Both count only once zfs commits the transaction
    /// group (seconds). Null when unknown: no such dataset, no snapshot, or the properties not read.
    /// </summary>
    public long? WrittenSinceNewestSnapshot(string dataset)
    {
        if (Number(Get(dataset, "written")) is { } written)
        {
            return written;
        }

        if (SnapshotsOf(dataset) is not { Count: > 0 } list || !snapshotProperties.TryGetValue($"{dataset}@{list[^1].Name}", out var newest))
        {
            return null;
        }

        return (Number(newest.GetValueOrDefault("used")), Number(newest.GetValueOrDefault("referenced")), Number(Get(dataset, "referenced"))) is ({ } held, { } then, { } now)
            ? held + Math.Abs(now - then)
            : null;
    }

    /// <summary>The dataset's snapshots, oldest first; null when the dataset does not exist.</summary>
    public IReadOnlyList<Snapshot>? SnapshotsOf(string dataset) =>
        !Exists(dataset) ? null : snapshots.TryGetValue(dataset, out var list) ? Snapshot.Chronological(list) : [];

    private static long? Number(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
