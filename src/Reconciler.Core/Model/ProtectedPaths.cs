namespace Reconciler.Core.Model;

/// <summary>
/// Host directories no Path or Dataset mountpoint may be, contain or lie under, whatever the
/// policy says: taking ownership of one (a recursive chown, a dataset mounted over it) hands
/// the node, the Docker engine or the controller's own state to whoever writes the repository.
/// </summary>
public static class ProtectedPaths
{
    /// <summary>The controller's default state directory (history, last good commit, the git mirror).</summary>
    public const string StateDirectory = "/var/lib/reconciler";

    public static IReadOnlyList<string> All { get; } =
    [
        "/etc", "/root", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib64",
        "/dev", "/proc", "/sys", "/run", "/var/run", "/var/lib/docker", StateDirectory,
    ];

    /// <summary>The protected directory a normalised absolute path is or lies under; null when none.</summary>
    public static string? Enclosing(string path) => All.FirstOrDefault(p => HostPath.IsUnder(path, p));

    /// <summary>The protected directories that lie below a normalised absolute path.</summary>
    public static IReadOnlyList<string> Below(string path) => All.Where(p => p != path && HostPath.IsUnder(p, path)).ToList();
}
