namespace Reconciler.Core.Compose;

/// <summary>A top-level network definition.</summary>
public sealed record ComposeNetwork(string Key, string Pointer)
{
    public const string HostNetwork = "host";

    public bool External { get; init; }

    public string? Name { get; init; }

    public string? Driver { get; init; }

    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether an ipam section is written at all (stack deploy sends one only then).</summary>
    public bool HasIpam { get; init; }

    public string? IpamDriver { get; init; }

    public IReadOnlyList<string> Subnets { get; init; } = [];

    /// <summary>The engine's own host network, however it is reached: an external network named host, or the host driver.</summary>
    public bool IsHost => (External && (Name ?? Key) == HostNetwork) || Driver == HostNetwork;
}

/// <summary>A service's attachment to a network, by its key in the compose file.</summary>
public sealed record ServiceNetwork(string Key, IReadOnlyList<string> Aliases, string Pointer);
