namespace Reconciler.Core.Text;

/// <summary>
/// Line-based edits to one text file: splices inside a line, or whole lines replaced or removed.
/// Everything not edited stays byte for byte (comments, spacing, quoting), and the result can
/// be shown as a unified diff. Lines and columns are 1-based, as <c>SourceLocation</c> has them.
/// </summary>
public sealed class LineEditor
{
    private readonly string[] lines;
    private readonly bool endsWithNewline;
    private readonly Dictionary<int, SortedDictionary<int, (int Length, string Text)>> splices = [];
    private readonly Dictionary<int, IReadOnlyList<string>> replaced = [];

    public LineEditor(string path, string text)
    {
        Path = path;
        endsWithNewline = text.EndsWith('\n');
        lines = (endsWithNewline ? text[..^1] : text).Split('\n');
    }

    public string Path { get; }

    public int LineCount => lines.Length;

    /// <summary>A line as the file has it, before any edit.</summary>
    public string Original(int line) => lines[line - 1];

    /// <summary>Replaces <paramref name="length"/> characters at a column of a line; columns refer to the original line.</summary>
    public void Splice(int line, int column, int length, string text)
    {
        if (replaced.ContainsKey(line))
        {
            throw new InvalidOperationException($"{Path}:{line} is replaced as a whole and spliced");
        }

        var onLine = splices.TryGetValue(line, out var existing) ? existing : splices[line] = [];
        onLine[column] = (length, text);
    }

    /// <summary>Replaces lines <paramref name="first"/> to <paramref name="last"/> by others; none removes them.</summary>
    public void ReplaceLines(int first, int last, IReadOnlyList<string> with)
    {
        if (Enumerable.Range(first, last - first + 1).Any(splices.ContainsKey))
        {
            throw new InvalidOperationException($"{Path}:{first}-{last} is spliced and replaced as a whole");
        }

        replaced[first] = with;
        for (var line = first + 1; line <= last; line++)
        {
            replaced[line] = [];
        }
    }

    /// <summary>What each original line became, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Becomes() =>
        lines.Select((text, i) => replaced.TryGetValue(i + 1, out var with) ? with : [Spliced(i + 1, text)]).ToList();

    /// <summary>The edited text; null when every line was removed, i.e. the file is deleted.</summary>
    public string? After()
    {
        var after = Becomes().SelectMany(l => l).ToList();
        return after.Count == 0 ? null : string.Join('\n', after) + (endsWithNewline ? "\n" : string.Empty);
    }

    public string Diff() => UnifiedDiff.Render(Path, lines, Becomes(), endsWithNewline);

    private string Spliced(int line, string text)
    {
        if (!splices.TryGetValue(line, out var onLine))
        {
            return text;
        }

        foreach (var (column, (length, with)) in onLine.Reverse())
        {
            text = text[..(column - 1)] + with + text[(column - 1 + length)..];
        }

        return text;
    }
}
