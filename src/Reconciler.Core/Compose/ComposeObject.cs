namespace Reconciler.Core.Compose;

/// <summary>A top-level config or secret: its content comes from a file next to the compose file, or it is external.</summary>
public sealed record ComposeObject(string Key, string Pointer)
{
    public bool External { get; init; }

    public string? Name { get; init; }

    /// <summary>The file as written (relative to the compose file); null for external objects.</summary>
    public string? File { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>template_driver (golang): Swarm renders the content per task.</summary>
    public string? TemplateDriver { get; init; }
}

/// <summary>A service's use of a config or secret (short "name" or long syntax).</summary>
public sealed record ObjectReference(string Source, string Pointer)
{
    public string? Target { get; init; }

    public string? Uid { get; init; }

    public string? Gid { get; init; }

    public uint? Mode { get; init; }
}

/// <summary>An env_file entry; an optional one (required: false) may be missing.</summary>
public sealed record EnvFileReference(string Path, bool Required, string Pointer);
