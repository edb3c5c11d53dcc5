using System.Globalization;
using System.Text;

namespace Reconciler.Core.Text;

/// <summary>
/// Renders line edits as a unified diff (three lines of context) that <c>git apply</c> and
/// <c>patch -p1</c> take. The edits say which original line became what, so no diff algorithm
/// is needed: the changes are exactly the lines that were edited.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    /// <param name="before">The file's lines.</param>
    /// <param name="becomes">For each of them, the lines it became (none: removed).</param>
    /// <param name="endsWithNewline">Whether the file ends with a newline (it keeps doing so or not after the edit).</param>
    public static string Render(string path, IReadOnlyList<string> before, IReadOnlyList<IReadOnlyList<string>> becomes, bool endsWithNewline)
    {
        var lastNew = LastIndex(becomes, b => b.Count > 0);
        var changed = before.Select((line, i) => becomes[i] is not [var only] || only != line
            // Without a final newline, a line that becomes the last one changes: it loses its newline.
            || (!endsWithNewline && i == lastNew && i != before.Count - 1)).ToList();
        if (!changed.Contains(true))
        {
            return string.Empty;
        }

        var diff = new StringBuilder();
        diff.Append("--- a/").Append(path).Append('\n')
            .Append(lastNew < 0 ? "+++ /dev/null" : "+++ b/" + path).Append('\n');
        var newLine = 0;
        var done = 0;
        foreach (var (first, last) in Hunks(changed))
        {
            newLine += becomes.Take(first).Skip(done).Sum(b => b.Count);
            done = first;
            var body = new StringBuilder();
            var newCount = 0;
            for (var i = first; i <= last; i++)
            {
                var noNewlineOld = !endsWithNewline && i == before.Count - 1;
                if (!changed[i])
                {
                    Line(body, ' ', before[i], noNewlineOld);
                    newCount++;
                    continue;
                }

                var end = i;
                while (end < last && changed[end + 1])
                {
                    end++;
                }

                for (var j = i; j <= end; j++)
                {
                    Line(body, '-', before[j], !endsWithNewline && j == before.Count - 1);
                }

                for (var j = i; j <= end; j++)
                {
                    for (var k = 0; k < becomes[j].Count; k++)
                    {
                        Line(body, '+', becomes[j][k], !endsWithNewline && j == lastNew && k == becomes[j].Count - 1);
                    }

                    newCount += becomes[j].Count;
                }

                i = end;
            }

            diff.Append(CultureInfo.InvariantCulture, $"@@ -{Range(first, last - first + 1)} +{Range(newLine, newCount)} @@\n").Append(body);
        }

        return diff.ToString();
    }

    /// <summary>Runs of changed lines with their context, joined when their contexts touch.</summary>
    private static List<(int First, int Last)> Hunks(IReadOnlyList<bool> changed)
    {
        var hunks = new List<(int First, int Last)>();
        for (var i = 0; i < changed.Count; i++)
        {
            if (!changed[i])
            {
                continue;
            }

            var first = Math.Max(0, i - Context);
            var last = Math.Min(changed.Count - 1, i + Context);
            if (hunks.Count > 0 && hunks[^1].Last >= first - 1)
            {
                hunks[^1] = (hunks[^1].First, last);
            }
            else
            {
                hunks.Add((first, last));
            }
        }

        return hunks;
    }

    /// <summary>start,count with 1-based start; an empty range names the line before it, as diff does.</summary>
    private static string Range(int zeroBasedStart, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? zeroBasedStart : zeroBasedStart + 1)},{count}");

    private static void Line(StringBuilder body, char mark, string text, bool noNewline)
    {
        body.Append(mark).Append(text).Append('\n');
        if (noNewline)
        {
            body.Append("\\ No newline at end of file\n");
        }
    }

    private static int LastIndex<T>(IReadOnlyList<T> items, Func<T, bool> predicate)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (predicate(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
