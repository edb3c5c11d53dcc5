using System.Globalization;

namespace Reconciler.Storage.Zfs;

/// <summary>
/// Property values as `zfs get -p` prints them, so "16K" in a manifest equals "16384" on the
/// pool and a plan right after an apply is empty.
/// </summary>
public static class ZfsProperty
{
    /// <summary>Marks the datasets the controller created; it only ever changes marked ones.</summary>
    public const string Managed = "reconciler:managed";

    /// <summary>
    /// On a snapshot: a restore (stamped with its time) made it the base of the dataset's timeline,
    /// and the timeline before it is kept as &lt;dataset&gt;.before-restore-&lt;stamp&gt;, a clone of it.
    /// Retention never prunes it; replication keeps a target's newer history aside past it.
    /// </summary>
    public const string Restore = "reconciler:restore";

    private static readonly HashSet<string> Sizes = new(StringComparer.Ordinal)
    {
        "recordsize", "volblocksize", "quota", "refquota", "reservation", "refreservation", "volsize", "special_small_blocks",
    };

    public static string Normalize(string property, string value)
    {
        if (!Sizes.Contains(property))
        {
            return value;
        }

        if (value is "none" or "-")
        {
            return "0";
        }

        var unit = value.Length > 0 ? char.ToUpperInvariant(value[^1]) : ' ';
        var exponent = "KMGTPE".IndexOf(unit, StringComparison.Ordinal) + 1;
        var number = exponent > 0 ? value[..^1] : value;
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? ((long)(amount * (decimal)Math.Pow(1024, exponent))).ToString(CultureInfo.InvariantCulture)
            : value;
    }
}
