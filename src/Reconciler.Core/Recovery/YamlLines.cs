using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Text;

namespace Reconciler.Core.Recovery;

/// <summary>
/// The few line-level facts about YAML a patch needs: where a scalar, a block-list item and a
/// document are in the text, and how to write a scalar back. Each answers null for a layout it
/// does not recognise, and the caller asks for the edit by hand instead of guessing.
/// </summary>
internal static partial class YamlLines
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };

    /// <summary>
    /// Replaces the scalar <paramref name="old"/> that starts at <paramref name="at"/> (plain or
    /// quoted) by <paramref name="value"/>, keeping its quotes; false when the text there is not it.
    /// </summary>
    public static bool ReplaceScalar(LineEditor file, SourceLocation at, string old, string value)
    {
        var line = file.Original(at.Line);
        var column = at.Column;
        if (column <= line.Length && line[column - 1] is '"' or '\'')
        {
            column++;
        }

        if (string.CompareOrdinal(line, column - 1, old, 0, old.Length) != 0)
        {
            return false;
        }

        file.Splice(at.Line, column, old.Length, value);
        return true;
    }

    /// <summary>
    /// The lines of a block-list item that starts at <paramref name="at"/> ("- " then the item on
    /// that line): that line and every following one indented deeper than the dash, without
    /// trailing blank or comment lines. Null when the item is not written that way.
    /// </summary>
    public static (int First, int Last, string Indent)? ItemLines(LineEditor file, SourceLocation at)
    {
        var line = file.Original(at.Line);
        var before = line[..Math.Min(at.Column - 1, line.Length)];
        var dash = before.TrimEnd();
        if (!dash.EndsWith('-') || dash[..^1].Trim().Length > 0)
        {
            return null;
        }

        var indent = dash[..^1];
        var last = at.Line;
        for (var i = at.Line + 1; i <= file.LineCount; i++)
        {
            var text = file.Original(i);
            var content = text.TrimStart();
            if (content.Length == 0 || (content.StartsWith('#') && text.Length - content.Length > indent.Length))
            {
                continue;
            }

            if (text.Length - content.Length <= indent.Length)
            {
                break;
            }

            last = i;
        }

        return (at.Line, last, indent);
    }

    /// <summary>
    /// The lines to remove so the document that starts at <paramref name="start"/> disappears
    /// from a file of "---"-separated documents: from its separator to the next one, or with the
    /// next separator when it is the first. All of them when it is the only one.
    /// </summary>
    public static (int First, int Last) DocumentLines(LineEditor file, int start)
    {
        var separators = Enumerable.Range(1, file.LineCount).Where(i => Separator().IsMatch(file.Original(i))).ToList();
        var previous = separators.LastOrDefault(s => s < start);
        var next = separators.FirstOrDefault(s => s > start);
        return (previous, next) switch
        {
            (> 0, > 0) => (previous, next - 1),
            (> 0, _) => (previous, file.LineCount),
            (_, > 0) => (1, next),
            _ => (1, file.LineCount),
        };
    }

    /// <summary>A scalar as YAML reads it back as the same string: plain when that is unambiguous, else double-quoted.</summary>
    public static string Scalar(string value) =>
        Plain().IsMatch(value) && !Keywords.Contains(value) ? value : JsonSerializer.Serialize(value, QuotedJson.Default.String);

    /// <summary>A JSON string is a valid YAML double-quoted scalar; generated, so it needs no reflection.</summary>
    [JsonSerializable(typeof(string))]
    private sealed partial class QuotedJson : JsonSerializerContext;

    [GeneratedRegex(@"^---(\s|$)")]
    private static partial Regex Separator();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./@-]*(:[A-Za-z0-9_./@-]+)*$")]
    private static partial Regex Plain();
}
