using System.Globalization;
using System.Text;

namespace Reconciler.Core.Text;

/// <summary>
/// One escaping function per output context, for everything that comes from a repository
/// (names, keys, field paths, values, file names): a pull request writes those, so none of
/// them may end a line, open raw HTML, break a table, or read as a CI workflow command.
/// </summary>
public static class Escape
{
    /// <summary>
    /// Terminal text and logs, which a CI runner scans for workflow commands: control characters
    /// and line separators become visible escapes (so nothing starts a new line), a leading "::"
    /// and any "##[" get a backslash (GitHub and Gitea runners act on those).
    /// </summary>
    public static string Terminal(string text)
    {
        var visible = Visible(text).Replace("##[", "#\\#[", StringComparison.Ordinal);
        return visible.TrimStart().StartsWith("::", StringComparison.Ordinal) ? "\\" + visible : visible;
    }

    /// <summary>
    /// A code span inside a GFM table cell: literal text (no HTML, links or emphasis), a pipe
    /// escaped for the table, a fence longer than any backtick run inside, line breaks visible.
    /// </summary>
    public static string MarkdownCode(string text)
    {
        var content = Visible(text).Replace("|", "\\|", StringComparison.Ordinal);
        if (content.Length == 0)
        {
            return "` `"; // an empty span would read as a bare fence
        }

        var fence = new string('`', LongestRun(content, '`') + 1);
        var pad = content[0] == '`' || content[^1] == '`' || (content[0] == ' ' && content[^1] == ' ') ? " " : "";
        return fence + pad + content + pad + fence;
    }

    /// <summary>Markdown prose (a list item, a cell): every ASCII punctuation character backslash-escaped, line breaks visible.</summary>
    public static string MarkdownText(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in Visible(text))
        {
            if (char.IsAsciiLetterOrDigit(c) || c is ' ' || c > '~')
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('\\').Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The data of a GitHub/Gitea workflow command (after the second "::"), as GitHub documents it.</summary>
    public static string WorkflowData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value of a workflow command (file=..., title=...): data escaping plus ':' and ','.</summary>
    public static string WorkflowProperty(string text) =>
        WorkflowData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Control characters (C0, DEL, C1) and Unicode line/paragraph separators as \n, \r, \t or \uXXXX.</summary>
    private static string Visible(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var visible = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            visible.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return visible.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
