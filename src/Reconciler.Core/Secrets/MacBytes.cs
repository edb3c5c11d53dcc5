using System.Globalization;
using System.Text;

namespace Reconciler.Core.Secrets;

/// <summary>The bytes sops feeds its MAC for a plain leaf (Go's ToBytes): strings as they are, ints in decimal, bools as True/False, floats in Go's shortest 'f' form.</summary>
internal static class MacBytes
{
    public static byte[] Of(SopsLeaf leaf) => leaf.Kind switch
    {
        LeafKind.Bool => Encoding.UTF8.GetBytes(leaf.Text == "true" ? "True" : "False"),
        LeafKind.Float => Encoding.UTF8.GetBytes(GoFloat(leaf.Text)),
        LeafKind.String => leaf.Bytes, // Go strings are bytes: a binary file's data need not be UTF-8
        _ => Encoding.UTF8.GetBytes(leaf.Text),
    };

    /// <summary>strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never an exponent.</summary>
    internal static string GoFloat(string text)
    {
        if (text is "+Inf" or "-Inf" or "NaN")
        {
            return text;
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return shortest == "-0" ? "-0" : shortest;
        }

        var negative = shortest.StartsWith('-');
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var decimalPoint = (point < 0 ? mantissa.Length : point) + exponent;
        var result = decimalPoint <= 0
            ? "0." + new string('0', -decimalPoint) + digits
            : decimalPoint >= digits.Length
                ? digits + new string('0', decimalPoint - digits.Length)
                : digits[..decimalPoint] + "." + digits[decimalPoint..];
        return (negative ? "-" : string.Empty) + result;
    }
}
