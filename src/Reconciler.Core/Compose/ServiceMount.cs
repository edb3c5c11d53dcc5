namespace Reconciler.Core.Compose;

public enum MountType
{
    Bind,
    Volume,
    Tmpfs,
    Other,
}

/// <summary>
/// One entry of a service's volumes, from the short ("src:dst:ro") or the long syntax.
/// <see cref="HostPath"/> is the host directory the container ends up seeing, whichever way it
/// is written: a bind's source, or the device of a named volume the local driver bind-mounts.
/// </summary>
public sealed record ServiceMount(MountType Type, string? Source, string Target, bool ReadOnly, string Pointer)
{
    public string? HostPath { get; init; }

    /// <summary>Bind propagation (rprivate, shared, ...), when written.</summary>
    public string? Propagation { get; init; }

    public bool? NoCopy { get; init; }

    /// <summary>tmpfs size as written (a byte count or 64m).</summary>
    public string? TmpfsSize { get; init; }
}

/// <summary>A top-level named volume.</summary>
public sealed record ComposeVolume(string Key, string Pointer)
{
    public bool External { get; init; }

    public string? Name { get; init; }

    public string? Driver { get; init; }

    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The host directory this volume is, when the local driver bind-mounts it
    /// (driver_opts o: bind, device: /path): then every mount of it is a bind in disguise.
    /// </summary>
    public string? BindDevice =>
        !External && Driver is null or "local"
        && DriverOptions.TryGetValue("o", out var options) && options.Split(',').Any(o => o.Trim() is "bind" or "rbind")
        && DriverOptions.TryGetValue("device", out var device)
            ? device
            : null;
}
