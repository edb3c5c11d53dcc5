using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

/// <summary>The format checks shared by several kinds, with the messages that explain them.</summary>
internal static class Formats
{
    public static bool IsDuration(string text) => Duration.TryParse(text, out _);

    public static string DurationMessage(string field, string text) =>
        $"{field} '{text}' is not a duration: write a number and a unit (s, m, h, d, w), e.g. 90s, 15m, 1h30m";

    public static bool IsRetention(string text) => RetentionGrid.TryParse(text, out _, out _);

    public static string RetentionMessage(string field, string text)
    {
        RetentionGrid.TryParse(text, out _, out var error);
        return $"{field} '{text}' is not a retention grid ({error}): write buckets like \"4x15m, 24x1h, 7x1d\"";
    }

    public static string PathMessage(string field, string path) =>
        $"{field} '{path}' is not an absolute, normalised path: {HostPath.Problem(path)}";

    public static string ModeMessage(string mode) =>
        $"mode '{mode}' is not an octal permission string: write three or four digits 0-7 in quotes, e.g. \"0750\"";

    public static string DatasetMessage(string field, string name) =>
        $"{field} '{name}' is not a valid ZFS dataset name: pool/child/..., starting with a letter, using letters, digits, '_', '-', '.', ':'";
}
