using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Secrets;

/// <summary>
/// One SOPS value: ENC[AES256_GCM,data:…,iv:…,tag:…,type:…], AES-256-GCM under the data key
/// with a 32-byte IV and the value's key path ("a:b:c:") as additional data, so a value cannot
/// be moved to another key. An empty value stays empty, as sops leaves it.
/// </summary>
internal static partial class SopsValueCipher
{
    private const int IvSize = 32;

    public static bool IsEncrypted(string text) => text.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal);

    public static string Encrypt(SopsLeaf leaf, byte[] dataKey, string associatedData)
    {
        if (leaf.Bytes.Length == 0 && leaf.Kind is LeafKind.String or LeafKind.Comment)
        {
            return string.Empty;
        }

        var (type, plain) = leaf.Kind switch
        {
            LeafKind.Int => ("int", leaf.Text),
            LeafKind.Float => ("float", leaf.Text),
            LeafKind.Bool => ("bool", leaf.Text == "true" ? "True" : "False"),
            LeafKind.Comment => ("comment", leaf.Text),
            _ => ("str", leaf.Text),
        };
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var (ciphertext, tag) = WideNonceAesGcm.Seal(dataKey, iv, leaf.Kind == LeafKind.String ? leaf.Bytes : Encoding.UTF8.GetBytes(plain), Encoding.UTF8.GetBytes(associatedData));
        return $"ENC[AES256_GCM,data:{Convert.ToBase64String(ciphertext)},iv:{Convert.ToBase64String(iv)},tag:{Convert.ToBase64String(tag)},type:{type}]";
    }

    /// <summary>The plain leaf; throws when the value is not an ENC[…] value or does not verify under this key and path.</summary>
    public static SopsLeaf Decrypt(string text, byte[] dataKey, string associatedData, string where)
    {
        if (text.Length == 0)
        {
            return new SopsLeaf(string.Empty, LeafKind.String);
        }

        var match = Encrypted().Match(text);
        if (!match.Success)
        {
            throw new SopsException($"the value at '{where}' is not encrypted (not ENC[AES256_GCM,…]), so the file was changed by hand");
        }

        byte[] data, iv, tag;
        try
        {
            (data, iv, tag) = (Convert.FromBase64String(match.Groups[1].Value), Convert.FromBase64String(match.Groups[2].Value), Convert.FromBase64String(match.Groups[3].Value));
        }
        catch (FormatException)
        {
            throw new SopsException($"the value at '{where}' is not valid base64");
        }

        if (iv.Length == 0 || WideNonceAesGcm.Open(dataKey, iv, data, tag, Encoding.UTF8.GetBytes(associatedData)) is not { } plain)
        {
            throw new SopsException($"the value at '{where}' does not verify: it was altered, moved to another key, or encrypted with another data key");
        }

        var value = Encoding.UTF8.GetString(plain);
        return match.Groups[4].Value switch
        {
            "str" or "bytes" or "time" => new SopsLeaf(value, LeafKind.String) { Raw = plain },
            "int" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => new SopsLeaf(integer.ToString(CultureInfo.InvariantCulture), LeafKind.Int),
            "float" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || value is "+Inf" or "-Inf" or "NaN" => new SopsLeaf(value, LeafKind.Float),
            "bool" when bool.TryParse(value, out var flag) || value is "1" or "t" or "T" or "0" or "f" or "F" => new SopsLeaf(value is "1" or "t" or "T" || (bool.TryParse(value, out flag) && flag) ? "true" : "false", LeafKind.Bool),
            "comment" => new SopsLeaf(value, LeafKind.Comment),
            var type => throw new SopsException($"the value at '{where}' has an unknown type '{type}'"),
        };
    }

    [GeneratedRegex(@"^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:(.+)\]$", RegexOptions.Singleline)]
    private static partial Regex Encrypted();
}
