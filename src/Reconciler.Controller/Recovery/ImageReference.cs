namespace Reconciler.Controller.Recovery;

/// <summary>
/// An image reference as compose and the engine write it (registry/repository:tag@digest), reduced
/// to what readiness compares: the registry host it is pulled from and the names a local image
/// would carry ("repo:tag" in RepoTags, "repo@sha256:..." in RepoDigests).
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>Docker Hub, the registry of a reference that names none.</summary>
    public const string DefaultRegistry = "docker.io";

    public static ImageReference Parse(string reference)
    {
        var (name, digest) = reference.Split('@', 2) is [var n, var d] ? (n, d) : (reference, null);
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var (repository, tag) = colon > slash ? (name[..colon], name[(colon + 1)..]) : (name, null);
        var first = repository.Split('/', 2);
        var registry = first.Length == 2 && (first[0].Contains('.', StringComparison.Ordinal) || first[0].Contains(':', StringComparison.Ordinal) || first[0] == "localhost")
            ? first[0]
            : DefaultRegistry;
        return new ImageReference(registry, repository, tag ?? (digest is null ? "latest" : null), digest);
    }

    /// <summary>The registry's host without its port: what is compared with the manager's addresses.</summary>
    public string RegistryHost => Registry.StartsWith('[') ? Registry[1..Registry.IndexOf(']', StringComparison.Ordinal)]
        : Registry.Split(':')[0];

    /// <summary>The names under which the worker's engine would list this image.</summary>
    public IEnumerable<string> LocalNames()
    {
        // The engine lists Docker Hub images without the registry ("busybox:1", "library/" dropped).
        var local = Registry == DefaultRegistry && Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository;
        if (Digest is not null)
        {
            yield return $"{local}@{Digest}";
        }
        else if (Tag is not null)
        {
            yield return $"{local}:{Tag}";
        }
    }
}
