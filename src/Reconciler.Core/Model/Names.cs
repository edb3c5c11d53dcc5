using System.Text.RegularExpressions;

namespace Reconciler.Core.Model;

/// <summary>The naming rules of Docker, ZFS and Swarm that the validator enforces.</summary>
public static partial class Names
{
    /// <summary>
    /// Stack names become prefixes of service, network and volume names, which Docker restricts
    /// to [a-zA-Z0-9][a-zA-Z0-9_.-]*; stack deploy also requires lower-case-safe, short names.
    /// </summary>
    public static bool IsStackName(string name) => name.Length <= 63 && DockerObject().IsMatch(name) && !name.Contains('.', StringComparison.Ordinal);

    public static bool IsServiceName(string name) => name.Length <= 63 && DockerObject().IsMatch(name);

    /// <summary>pool/child/... with ZFS's component characters; no snapshot (@) or bookmark (#) parts.</summary>
    public static bool IsDatasetName(string name) =>
        name.Length <= 255 && name.Split('/').All(ZfsComponent().IsMatch) && char.IsAsciiLetter(name[0])
        && !ReservedPools.Contains(name.Split('/')[0]);

    /// <summary>A hostname as Swarm nodes have them (RFC 1123 labels).</summary>
    public static bool IsNodeName(string name) => name.Length <= 253 && Hostname().IsMatch(name);

    /// <summary>Swarm label keys: letters, digits, dots, dashes, underscores.</summary>
    public static bool IsLabelKey(string key) => key.Length <= 253 && LabelKey().IsMatch(key);

    /// <summary>"local" or [user@]host[:port] for the OpenSSH client.</summary>
    public static bool IsNodeAddress(string address) => address == "local" || SshDestination().IsMatch(address);

    /// <summary>Snapshot names are PREFIX_timestamp, so the prefix uses ZFS-safe characters only.</summary>
    public static bool IsSnapshotPrefix(string prefix) => SnapshotPrefix().IsMatch(prefix);

    /// <summary>ZFS native property names and user properties (module:property).</summary>
    public static bool IsZfsProperty(string name) => ZfsProperty().IsMatch(name);

    private static readonly HashSet<string> ReservedPools = ["mirror", "raidz", "raidz1", "raidz2", "raidz3", "spare", "log", "cache", "draid"];

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex DockerObject();

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex ZfsComponent();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.-]*@)?([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$")]
    private static partial Regex SshDestination();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SnapshotPrefix();

    [GeneratedRegex("^([a-z][a-z0-9_]*|[a-z0-9_.+-]+:[a-z0-9_.:+-]+)$")]
    private static partial Regex ZfsProperty();
}
