namespace Reconciler.Secrets.Age;

/// <summary>
/// Bech32 (BIP 173 checksum) as age spells its keys: "age1…" recipients and
/// "AGE-SECRET-KEY-1…" identities. Unlike BIP 173, age sets no length limit.
/// </summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>The human-readable part (lower case) and the data, or null when the text is not valid bech32.</summary>
    public static (string Hrp, byte[] Data)? Decode(string text)
    {
        if (text.Length > 4096 || (text.ToLowerInvariant() != text && text.ToUpperInvariant() != text))
        {
            return null; // mixed case is invalid bech32
        }

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.Length)
        {
            return null;
        }

        var hrp = lower[..separator];
        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var index = Charset.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            values[i] = (byte)index;
        }

        if (Polymod([.. ExpandHrp(hrp), .. values]) != 1)
        {
            return null;
        }

        return ConvertBits(values.AsSpan(0, values.Length - 6), 5, 8, pad: false) is { } data ? (hrp, data) : null;
    }

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = Polymod([.. ExpandHrp(hrp), .. values, 0, 0, 0, 0, 0, 0]) ^ 1;
        var text = new System.Text.StringBuilder(hrp).Append('1');
        foreach (var value in values)
        {
            text.Append(Charset[value]);
        }

        for (var i = 0; i < 6; i++)
        {
            text.Append(Charset[(int)(checksum >> (5 * (5 - i))) & 31]);
        }

        return text.ToString();
    }

    private static byte[] ExpandHrp(string hrp) =>
        [.. hrp.Select(c => (byte)(c >> 5)), 0, .. hrp.Select(c => (byte)(c & 31))];

    private static uint Polymod(ReadOnlySpan<byte> values)
    {
        uint check = 1;
        foreach (var value in values)
        {
            var top = check >> 25;
            check = ((check & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    check ^= Generator[i];
                }
            }
        }

        return check;
    }

    private static byte[]? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        var result = new List<byte>();
        int accumulator = 0, bits = 0, max = (1 << to) - 1;
        foreach (var value in data)
        {
            accumulator = (accumulator << from) | value;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((accumulator >> bits) & max));
            }
        }

        if (pad && bits > 0)
        {
            result.Add((byte)((accumulator << (to - bits)) & max));
        }
        else if (!pad && (bits >= from || ((accumulator << (to - bits)) & max) != 0))
        {
            return null; // non-zero padding: not what an encoder writes
        }

        return [.. result];
    }
}
