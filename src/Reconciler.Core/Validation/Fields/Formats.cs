using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

/// <summary>The format checks shared by several kinds, with the messages that explain them.</summary>
internal static class Formats
{
    public static string DurationMessage(string field, Written<TimeSpan> duration) =>
        $"{field} '{duration.Text}' is not a duration: write a number and a unit (s, m, h, d, w), e.g. 90s, 15m, 1h30m";

    public static string RetentionMessage(string field, Written<RetentionGrid> keep) =>
        $"{field} '{keep.Text}' is not a retention grid ({keep.Problem}): write buckets like \"4x15m, 24x1h, 7x1d\"";

    public static string PathMessage(string field, string path) =>
        $"{field} '{path}' is not an absolute, normalised path: {HostPath.Problem(path)}";

    public static string ModeMessage(string mode) =>
        $"mode '{mode}' is not an octal permission string: write three or four digits 0-7 in quotes, e.g. \"0750\"";

    public static string DatasetMessage(string field, string name) =>
        $"{field} '{name}' is not a valid ZFS dataset name: pool/child/..., starting with a letter, using letters, digits, '_', '-', '.', ':'";
}
