using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Reconciler.Core.Secrets;

/// <summary>
/// AES-256-GCM with a nonce of any length (NIST SP 800-38D): sops uses 32-byte IVs, which the
/// BCL's AesGcm (12 bytes only) does not take. AES itself comes from the BCL (ECB on single
/// blocks); what is here is the counter mode and GHASH around it. Values are small (a file is
/// at most 1 MiB), so a bitwise GF(2^128) multiply is fast enough.
/// </summary>
internal static class WideNonceAesGcm
{
    public const int TagSize = 16;

    public static (byte[] Ciphertext, byte[] Tag) Seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var h = Block(aes, new byte[16]);
        var j0 = CounterZero(h, nonce);
        var ciphertext = Ctr(aes, j0, plaintext);
        return (ciphertext, Tag(aes, h, j0, associatedData, ciphertext));
    }

    /// <summary>The plaintext, or null when the tag does not verify.</summary>
    public static byte[]? Open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] associatedData)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var h = Block(aes, new byte[16]);
        var j0 = CounterZero(h, nonce);
        return tag.Length == TagSize && CryptographicOperations.FixedTimeEquals(Tag(aes, h, j0, associatedData, ciphertext), tag)
            ? Ctr(aes, j0, ciphertext)
            : null;
    }

    private static byte[] Block(Aes aes, byte[] block) => aes.EncryptEcb(block, PaddingMode.None);

    private static byte[] CounterZero(byte[] h, byte[] nonce)
    {
        if (nonce.Length == 12)
        {
            return [.. nonce, 0, 0, 0, 1];
        }

        var lengths = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths.AsSpan(8), (ulong)nonce.Length * 8);
        return GHash(h, nonce, lengths);
    }

    private static byte[] Ctr(Aes aes, byte[] j0, byte[] input)
    {
        var blocks = (input.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var counter = BinaryPrimitives.ReadUInt32BigEndian(j0.AsSpan(12));
        for (var i = 0; i < blocks; i++)
        {
            j0.AsSpan(0, 12).CopyTo(counters.AsSpan(i * 16));
            BinaryPrimitives.WriteUInt32BigEndian(counters.AsSpan((i * 16) + 12), unchecked(counter + 1 + (uint)i));
        }

        var stream = blocks == 0 ? [] : aes.EncryptEcb(counters, PaddingMode.None);
        var output = new byte[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ stream[i]);
        }

        return output;
    }

    private static byte[] Tag(Aes aes, byte[] h, byte[] j0, byte[] associatedData, byte[] ciphertext)
    {
        var lengths = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)associatedData.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths.AsSpan(8), (ulong)ciphertext.Length * 8);
        var s = GHash(h, associatedData, ciphertext, lengths);
        var mask = Block(aes, j0);
        for (var i = 0; i < 16; i++)
        {
            s[i] ^= mask[i];
        }

        return s;
    }

    /// <summary>GHASH over each part zero-padded to whole blocks, the last part being the length block.</summary>
    private static byte[] GHash(byte[] h, params byte[][] parts)
    {
        var hHigh = BinaryPrimitives.ReadUInt64BigEndian(h);
        var hLow = BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(8));
        ulong yHigh = 0, yLow = 0;
        var block = new byte[16];
        foreach (var part in parts)
        {
            for (var offset = 0; offset < part.Length; offset += 16)
            {
                Array.Clear(block);
                part.AsSpan(offset, Math.Min(16, part.Length - offset)).CopyTo(block);
                (yHigh, yLow) = Multiply(yHigh ^ BinaryPrimitives.ReadUInt64BigEndian(block), yLow ^ BinaryPrimitives.ReadUInt64BigEndian(block.AsSpan(8)), hHigh, hLow);
            }
        }

        var result = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(result, yHigh);
        BinaryPrimitives.WriteUInt64BigEndian(result.AsSpan(8), yLow);
        return result;
    }

    /// <summary>X·Y in GCM's GF(2^128), bits numbered from the most significant (SP 800-38D, algorithm 1).</summary>
    private static (ulong High, ulong Low) Multiply(ulong xHigh, ulong xLow, ulong vHigh, ulong vLow)
    {
        ulong zHigh = 0, zLow = 0;
        for (var i = 0; i < 128; i++)
        {
            var bit = i < 64 ? (xHigh >> (63 - i)) & 1 : (xLow >> (127 - i)) & 1;
            var mask = 0UL - bit;
            zHigh ^= vHigh & mask;
            zLow ^= vLow & mask;
            var carry = vLow & 1;
            vLow = (vLow >> 1) | (vHigh << 63);
            vHigh = (vHigh >> 1) ^ (0xE100000000000000UL & (0UL - carry));
        }

        return (zHigh, zLow);
    }
}
