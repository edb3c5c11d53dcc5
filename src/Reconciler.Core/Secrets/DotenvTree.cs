using System.Text;

namespace Reconciler.Core.Secrets;

/// <summary>
/// A dotenv file as sops's dotenv store reads it: KEY=VALUE lines (the key is everything
/// before the first '=', untrimmed), '#' comment lines, "\n" in a value for a newline; and back.
/// </summary>
internal static class DotenvTree
{
    public static SopsMap Read(string text)
    {
        var entries = new List<SopsEntry>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                entries.Add(new SopsEntry(null, new SopsLeaf(line[1..], LeafKind.Comment)));
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new SopsException($"line {number} of the dotenv file is not KEY=VALUE");
            }

            entries.Add(new SopsEntry(line[..equals], new SopsLeaf(line[(equals + 1)..].Replace("\\n", "\n", StringComparison.Ordinal), LeafKind.String)));
        }

        return new SopsMap(entries);
    }

    public static string Write(SopsMap root)
    {
        var text = new StringBuilder();
        foreach (var entry in root.Entries)
        {
            if (entry.Key is null)
            {
                text.Append('#').Append(((SopsLeaf)entry.Value).Text).Append('\n');
            }
            else if (entry.Value is SopsLeaf leaf)
            {
                text.Append(entry.Key).Append('=').Append(leaf.Kind == LeafKind.Null ? string.Empty : leaf.Text.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }
            else
            {
                throw new SopsException($"a dotenv file holds only plain values; '{entry.Key}' is a map or a list");
            }
        }

        return text.ToString();
    }
}
