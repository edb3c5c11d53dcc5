using System.Globalization;

namespace Reconciler.Storage.Paths;

/// <summary>The commands that make a directory match its declaration, as argument vectors.</summary>
public static class PathCommands
{
    /// <summary>Missing parents, outermost first, root-owned 0755 (mkdir handles its arguments in order).</summary>
    public static IReadOnlyList<string> CreateParents(IEnumerable<string> missing) => ["mkdir", "-m", "0755", "--", .. missing];

    public static IReadOnlyList<string> Create(string path, string mode) => ["mkdir", "-m", mode, "--", path];

    /// <summary>-h changes a symlink itself, never its target; -R -P (only when declared recursive) never traverses one.</summary>
    public static IReadOnlyList<string> Chown(string path, long owner, long group, bool recursive) =>
        recursive
            ? ["chown", "-R", "-P", "-h", Ids(owner, group), "--", path]
            : ["chown", "-h", Ids(owner, group), "--", path];

    public static IReadOnlyList<string> Chmod(string path, string mode) => ["chmod", mode, "--", path];

    private static string Ids(long owner, long group) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner}:{group}");
}
