namespace Reconciler.Storage.Zfs;

/// <summary>The zfs argument vectors the controller runs, built in one place so they are tested as data.</summary>
public static class ZfsCommands
{
    /// <summary>A managed dataset with its mountpoint and properties; parents come with -p.</summary>
    public static IReadOnlyList<string> Create(string dataset, string mountpoint, IEnumerable<KeyValuePair<string, string>> properties)
    {
        var command = new List<string> { "zfs", "create", "-p", "-o", $"mountpoint={mountpoint}", "-o", $"{ZfsProperty.Managed}=true" };
        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            command.AddRange(["-o", $"{name}={value}"]);
        }

        command.Add(dataset);
        return command;
    }

    /// <summary>Parents of a replication target: created unmounted so nothing appears on the target's filesystem.</summary>
    public static IReadOnlyList<string> CreateParent(string dataset) => ["zfs", "create", "-p", "-o", "mountpoint=none", dataset];

    /// <summary>One property (zfs-fuse's `set` takes one at a time).</summary>
    public static IReadOnlyList<string> Set(string dataset, string property, string value) => ["zfs", "set", $"{property}={value}", dataset];

    public static IReadOnlyList<string> Snapshot(string dataset, string name) => ["zfs", "snapshot", $"{dataset}@{name}"];

    public static IReadOnlyList<string> DestroySnapshot(string dataset, string name) => ["zfs", "destroy", $"{dataset}@{name}"];

    /// <summary>Rolls the target back to a snapshot, destroying later ones: only for replications with force: true.</summary>
    public static IReadOnlyList<string> Rollback(string dataset, string name) => ["zfs", "rollback", "-r", $"{dataset}@{name}"];

    /// <summary>A full stream of one snapshot, or the changes since <paramref name="from"/> (-I carries the snapshots between).</summary>
    public static IReadOnlyList<string> Send(string dataset, string to, string? from, bool intermediates) =>
        from is null
            ? ["zfs", "send", $"{dataset}@{to}"]
            : ["zfs", "send", intermediates ? "-I" : "-i", $"{dataset}@{from}", $"{dataset}@{to}"];

    /// <summary>The rest of an interrupted stream, from the target's receive_resume_token (OpenZFS only).</summary>
    public static IReadOnlyList<string> SendResume(string token) => ["zfs", "send", "-t", token];

    /// <summary>Received unmounted (-u); -F only when the spec forces it; -s keeps a resume token where the zfs has them.</summary>
    public static IReadOnlyList<string> Receive(string dataset, bool force, ZfsFeatures features)
    {
        var command = new List<string> { "zfs", "receive", "-u" };
        if (force)
        {
            command.Add("-F");
        }

        if (features.ResumableReceive)
        {
            command.Add("-s");
        }

        command.Add(dataset);
        return command;
    }
}
