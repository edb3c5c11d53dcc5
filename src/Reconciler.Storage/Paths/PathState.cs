namespace Reconciler.Storage.Paths;

public enum PathKind
{
    Missing,
    Directory,

    /// <summary>A symlink, file or anything else: never followed, replaced or changed.</summary>
    Other,
}

/// <summary>A host path on one node as `stat` saw it (the path itself, never what a symlink points to).</summary>
public sealed record PathState(string Path, PathKind Kind, long Owner, long Group, string Mode, string Type)
{
    public static PathState Missing(string path) => new(path, PathKind.Missing, -1, -1, string.Empty, "missing");
}
