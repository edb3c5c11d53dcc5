using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Swarm.Conversion;

/// <summary>The value syntaxes compose files use: Go durations, byte sizes, CPUs, shell words.</summary>
internal static partial class ComposeUnits
{
    /// <summary>Go duration syntax (1m30s, 500ms, 2h) as compose writes it.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var matches = GoDuration().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim())
        {
            throw new FormatException($"'{text}' is not a duration such as 10s, 1m30s or 500ms");
        }

        decimal total = 0;
        foreach (Match m in matches)
        {
            var amount = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += amount * m.Groups[2].Value switch
            {
                "ns" => 1m,
                "us" or "µs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                _ => 3_600_000_000_000m,
            };
        }

        return TimeSpan.FromTicks((long)(total / 100));
    }

    /// <summary>Byte sizes (256M, 1g, 512mb, 1024) with 1024-based units, as compose reads them.</summary>
    public static long Bytes(string text)
    {
        var match = ByteSize().Match(text.Trim().ToLowerInvariant());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a size such as 512m or 1g");
        }

        var amount = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value.TrimEnd('b');
        return (long)(amount * unit switch
        {
            "" => 1m,
            "k" => 1024m,
            "m" => 1024m * 1024,
            "g" => 1024m * 1024 * 1024,
            _ => 1024m * 1024 * 1024 * 1024,
        });
    }

    /// <summary>"0.5" CPUs as nano-CPUs.</summary>
    public static long NanoCpus(string text) => (long)(decimal.Parse(text, CultureInfo.InvariantCulture) * 1_000_000_000m);

    /// <summary>Splits a command string into words like a POSIX shell (quotes and backslashes), as compose does.</summary>
    public static IList<string> ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else
            {
                word.Append(c);
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"unterminated quote in '{text}'");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+)\s*(b|k|kb|m|mb|g|gb|t|tb)?$")]
    private static partial Regex ByteSize();
}
