using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Reconciler.Core.Secrets;

namespace Reconciler.Secrets.Age;

/// <summary>
/// The age v1 file format (age-encryption.org/v1): a text header of recipient stanzas sealed
/// by an HMAC of the file key, then the payload in 64 KiB ChaCha20-Poly1305 chunks (the STREAM
/// construction, nonce = 11-byte counter and a last-chunk flag), and its ASCII armor.
/// </summary>
internal static class AgeFile
{
    private const string Intro = "age-encryption.org/v1";
    private const string ArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
    private const string ArmorEnd = "-----END AGE ENCRYPTED FILE-----";
    private const int ChunkSize = 64 * 1024;
    private const int TagSize = 16;
    private const int MaxStanzas = 64;

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, IReadOnlyList<AgeRecipient> recipients)
    {
        var fileKey = RandomNumberGenerator.GetBytes(16);
        var header = new StringBuilder(Intro).Append('\n');
        foreach (var recipient in recipients)
        {
            var stanza = recipient.Wrap(fileKey);
            header.Append("-> ").Append(stanza.Type);
            foreach (var argument in stanza.Arguments)
            {
                header.Append(' ').Append(argument);
            }

            header.Append('\n');
            var body = RawBase64(stanza.Body);
            for (var i = 0; i <= body.Length; i += 64)
            {
                header.Append(body.AsSpan(i, Math.Min(64, body.Length - i))).Append('\n'); // a full last line is followed by an empty one
            }
        }

        header.Append("---");
        var mac = HeaderMac(fileKey, Encoding.ASCII.GetBytes(header.ToString()));
        header.Append(' ').Append(RawBase64(mac)).Append('\n');

        var nonce = RandomNumberGenerator.GetBytes(16);
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(nonce);
        using var payloadKey = PayloadKey(fileKey, nonce);
        var offset = 0;
        var counter = 0L;
        do
        {
            var length = Math.Min(ChunkSize, plaintext.Length - offset);
            var last = offset + length == plaintext.Length;
            output.Write(AeadAlgorithm.ChaCha20Poly1305.Encrypt(payloadKey, ChunkNonce(counter++, last), [], plaintext.Slice(offset, length)));
            offset += length;
        }
        while (offset < plaintext.Length);

        return output.ToArray();
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> file, IReadOnlyList<AgeIdentity> identities)
    {
        var (stanzas, headerForMac, mac, payloadStart) = ReadHeader(file);
        var fileKey = stanzas.Select(s => identities.Select(i => i.Unwrap(s)).FirstOrDefault(k => k is not null)).FirstOrDefault(k => k is not null)
            ?? throw new SopsException("no age identity given matches a recipient of the data key");
        if (!CryptographicOperations.FixedTimeEquals(HeaderMac(fileKey, headerForMac), mac))
        {
            throw new SopsException("the age header's MAC does not verify: the data key was altered");
        }

        var payload = file[payloadStart..];
        if (payload.Length < 16 + TagSize)
        {
            throw new SopsException("the age payload is truncated");
        }

        using var payloadKey = PayloadKey(fileKey, payload[..16]);
        var chunks = payload[16..];
        using var plaintext = new MemoryStream();
        var counter = 0L;
        while (true)
        {
            var length = Math.Min(ChunkSize + TagSize, chunks.Length);
            var last = length == chunks.Length;
            if (length < TagSize || (last && length == TagSize && counter > 0))
            {
                throw new SopsException("the age payload is truncated");
            }

            var chunk = AeadAlgorithm.ChaCha20Poly1305.Decrypt(payloadKey, ChunkNonce(counter++, last), [], chunks[..length])
                ?? throw new SopsException("the age payload does not verify: the data key was altered");
            plaintext.Write(chunk);
            chunks = chunks[length..];
            if (last)
            {
                return plaintext.ToArray();
            }
        }
    }

    public static string Armor(ReadOnlySpan<byte> file)
    {
        var base64 = Convert.ToBase64String(file);
        var text = new StringBuilder(ArmorBegin).Append('\n');
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }

        return text.Append(ArmorEnd).Append('\n').ToString();
    }

    public static byte[] Dearmor(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(ArmorBegin, StringComparison.Ordinal) || !trimmed.EndsWith(ArmorEnd, StringComparison.Ordinal))
        {
            throw new SopsException("the age data key is not an armored age file (-----BEGIN AGE ENCRYPTED FILE-----)");
        }

        var body = trimmed[ArmorBegin.Length..^ArmorEnd.Length].Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
        try
        {
            return Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            throw new SopsException("the armored age data key is not valid base64");
        }
    }

    private static (List<AgeStanza> Stanzas, byte[] HeaderForMac, byte[] Mac, int PayloadStart) ReadHeader(ReadOnlySpan<byte> file)
    {
        var position = 0;
        if (NextLine(file, ref position) != Intro)
        {
            throw new SopsException("the data key is not an age v1 file");
        }

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var lineStart = position;
            var line = NextLine(file, ref position) ?? throw new SopsException("the age header is truncated");
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                if (!line.StartsWith("--- ", StringComparison.Ordinal) || stanzas.Count == 0)
                {
                    throw new SopsException("the age header is malformed");
                }

                return (stanzas, file[..(lineStart + 3)].ToArray(), RawBase64(line[4..]), position);
            }

            var parts = line.Split(' ');
            if (parts.Length < 2 || parts[0] != "->" || stanzas.Count >= MaxStanzas)
            {
                throw new SopsException("the age header is malformed");
            }

            var body = new StringBuilder();
            while (true)
            {
                var bodyLine = NextLine(file, ref position) ?? throw new SopsException("the age header is truncated");
                body.Append(bodyLine);
                if (bodyLine.Length > 64)
                {
                    throw new SopsException("the age header is malformed");
                }

                if (bodyLine.Length < 64)
                {
                    break;
                }
            }

            stanzas.Add(new AgeStanza(parts[1], parts[2..], RawBase64(body.ToString())));
        }
    }

    private static string? NextLine(ReadOnlySpan<byte> file, ref int position)
    {
        var end = file[position..].IndexOf((byte)'\n');
        if (end < 0)
        {
            return null;
        }

        var line = file.Slice(position, end);
        position += end + 1;
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7e)
            {
                throw new SopsException("the age header is malformed");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    private static byte[] HeaderMac(byte[] fileKey, byte[] header) =>
        HMACSHA256.HashData(HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, [], "header"u8.ToArray()), header);

    private static Key PayloadKey(byte[] fileKey, ReadOnlySpan<byte> nonce) =>
        Key.Import(AeadAlgorithm.ChaCha20Poly1305, HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, nonce.ToArray(), "payload"u8.ToArray()), KeyBlobFormat.RawSymmetricKey);

    private static byte[] ChunkNonce(long counter, bool last)
    {
        var nonce = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(3, 8), counter);
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }

    /// <summary>age's base64: the standard alphabet without padding, and only the canonical spelling.</summary>
    internal static string RawBase64(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    internal static byte[] RawBase64(string text)
    {
        if (text.Contains('=', StringComparison.Ordinal) || text.Length % 4 == 1)
        {
            throw new SopsException("the age header holds invalid base64");
        }

        try
        {
            var bytes = Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
            if (RawBase64(bytes) != text)
            {
                throw new SopsException("the age header holds non-canonical base64");
            }

            return bytes;
        }
        catch (FormatException)
        {
            throw new SopsException("the age header holds invalid base64");
        }
    }
}
