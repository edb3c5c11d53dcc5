namespace Reconciler.Core.Model;

/// <summary>Absolute host paths as manifests must write them, and containment between them.</summary>
public static class HostPath
{
    /// <summary>Why a path is not absolute and normalised, or null when it is.</summary>
    public static string? Problem(string path) => path switch
    {
        "" => "it is empty",
        "/" => "it is the root directory '/'",
        _ when path[0] != '/' => "it is not absolute (start it with '/')",
        _ when path.Contains("//", StringComparison.Ordinal) => "it contains '//'",
        _ when path.Length > 1 && path.EndsWith('/') => "it ends with '/'",
        _ when path.Split('/').Any(p => p is "." or "..") => "it contains '.' or '..' segments",
        _ => null,
    };

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
