using System.Globalization;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Model;

/// <summary>Durations as people write them in manifests: 90s, 15m, 1h30m, 7d, 2w.</summary>
public static partial class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || !Shape().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in Part().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000_000)
            {
                return false;
            }

            value += part.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        return value > TimeSpan.Zero;
    }

    /// <summary>Parses a duration field once, when it is bound; the text stays for what is shown.</summary>
    public static Written<TimeSpan> Read(string text) =>
        TryParse(text, out var value) ? Written<TimeSpan>.Parsed(text, value) : Written<TimeSpan>.Invalid(text, "not a duration");

    /// <summary>The shortest way to write a span in the same units a manifest uses.</summary>
    public static string Format(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder();
        Append(text, span.Days, 'd');
        Append(text, span.Hours, 'h');
        Append(text, span.Minutes, 'm');
        Append(text, span.Seconds, 's');
        return text.ToString();
    }

    private static void Append(System.Text.StringBuilder text, int amount, char unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    [GeneratedRegex("^([0-9]+[smhdw])+$")]
    private static partial Regex Shape();

    [GeneratedRegex("([0-9]+)([smhdw])")]
    private static partial Regex Part();
}
