using System.Globalization;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Model;

/// <summary>
/// A retention grid such as "4x15m, 24x1h, 7x1d": keep the newest snapshot in each of the
/// last 4 fifteen-minute buckets, the last 24 hourly and the last 7 daily ones.
/// </summary>
public sealed partial record RetentionGrid(IReadOnlyList<RetentionBucket> Buckets)
{
    public static bool TryParse(string? text, out RetentionGrid grid, out string error)
    {
        grid = new RetentionGrid([]);
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty";
            return false;
        }

        var buckets = new List<RetentionBucket>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            var match = Item().Match(item);
            if (!match.Success)
            {
                error = $"'{item}' is not COUNTxPERIOD (for example 24x1h)";
                return false;
            }

            if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 10_000)
            {
                error = $"'{item}' must keep between 1 and 10000 snapshots";
                return false;
            }

            if (!Duration.TryParse(match.Groups[2].Value, out var period))
            {
                error = $"'{item}' has no valid period";
                return false;
            }

            buckets.Add(new RetentionBucket(count, period));
        }

        grid = new RetentionGrid(buckets);
        return true;
    }

    /// <summary>Parses a <c>keep</c> field once, when it is bound; the text stays for what is shown.</summary>
    public static Written<RetentionGrid> Read(string text) =>
        TryParse(text, out var grid, out var error) ? Written<RetentionGrid>.Parsed(text, grid) : Written<RetentionGrid>.Invalid(text, error);

    [GeneratedRegex("^([0-9]+)x([0-9]+[smhdw])$")]
    private static partial Regex Item();
}

public sealed record RetentionBucket(int Count, TimeSpan Period);
