using System.Text;

namespace Reconciler.Git.Signatures;

/// <summary>
/// ASCII armour (RFC 4880 §6) around an OpenPGP keyring. gpgv reads only binary keyrings, and
/// people export keys armoured, so the armour is taken off here rather than asking for gpg --dearmor.
/// </summary>
internal static class ArmoredKeyring
{
    private const string Begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    public static bool IsArmored(byte[] content) =>
        Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 256)).TrimStart().StartsWith(Begin, StringComparison.Ordinal);

    /// <summary>The binary packets of every armoured block in the file, one after the other.</summary>
    public static byte[] Decode(byte[] content, string file)
    {
        var lines = Encoding.ASCII.GetString(content).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        using var packets = new MemoryStream();
        var body = new StringBuilder();
        var state = Section.Outside;
        foreach (var line in lines)
        {
            switch (state)
            {
                case Section.Outside when line.Trim() == Begin:
                    state = Section.Headers;
                    break;
                case Section.Headers when line.Trim().Length == 0:
                    state = Section.Body;
                    break;
                case Section.Body when line.StartsWith("-----END ", StringComparison.Ordinal):
                    Append(packets, body, file);
                    state = Section.Outside;
                    break;
                case Section.Body when !line.StartsWith('='):
                    body.Append(line.Trim());
                    break;
            }
        }

        if (state != Section.Outside || packets.Length == 0)
        {
            throw new InvalidDataException($"the trusted keys file {file} has a PGP armour header but no complete key block");
        }

        return packets.ToArray();
    }

    private static void Append(MemoryStream packets, StringBuilder body, string file)
    {
        try
        {
            packets.Write(Convert.FromBase64String(body.ToString()));
            body.Clear();
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"the trusted keys file {file} has a key block that is not valid base64: {e.Message}", e);
        }
    }

    private enum Section
    {
        Outside,
        Headers,
        Body,
    }
}
