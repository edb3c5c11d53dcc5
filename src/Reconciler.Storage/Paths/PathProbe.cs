using System.Globalization;

namespace Reconciler.Storage.Paths;

/// <summary>
/// Reads the type, owner, group and mode of many paths on one node with one `stat` call.
/// stat does not follow a symlink that is the path itself, so a symlink is seen as one.
/// Records end with NUL so any character in a path is safe.
/// </summary>
public static class PathProbe
{
    public static IReadOnlyList<string> Command(IEnumerable<string> paths) =>
        ["stat", "--printf", "%F\\t%u\\t%g\\t%a\\t%n\\0", "--", .. paths];

    /// <summary>The state of every requested path; those stat did not print are missing.</summary>
    public static IReadOnlyDictionary<string, PathState> Parse(IEnumerable<string> requested, string output)
    {
        var states = new Dictionary<string, PathState>(StringComparer.Ordinal);
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record.Split('\t', 5);
            if (fields.Length != 5
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                continue;
            }

            var kind = fields[0] == "directory" ? PathKind.Directory : PathKind.Other;
            states[fields[4]] = new PathState(fields[4], kind, owner, group, fields[3].PadLeft(4, '0'), fields[0]);
        }

        foreach (var path in requested)
        {
            states.TryAdd(path, PathState.Missing(path));
        }

        return states;
    }
}
