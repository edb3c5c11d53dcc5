using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reconciler.Core.Secrets;

/// <summary>
/// A file as the sops tool writes it: the tree of values (ENC[…] where encrypted) and its sops
/// metadata, in one of the YAML, JSON, dotenv and binary stores. Decrypting verifies every
/// value under its key path and then the MAC over all values, so neither a changed value nor a
/// dropped, added or reordered one goes unnoticed.
/// </summary>
public sealed class SopsDocument
{
    private const string BinaryKey = "data";
    private const string MetadataKey = "sops";
    private const string DotenvPrefix = "sops_";
    private const string Version = "3.9.0";

    private static readonly byte[] MacOnlyEncryptedInitialization =
        [0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69];

    private SopsDocument(SopsFormat format, SopsMap tree, SopsMetadata metadata)
    {
        Format = format;
        Tree = tree;
        Metadata = metadata;
    }

    public SopsFormat Format { get; }

    public SopsMetadata Metadata { get; }

    internal SopsMap Tree { get; }

    /// <summary>Whether the text is a file sops encrypted (it has sops metadata with a MAC), in the store its name implies or, when the name says nothing, in any store.</summary>
    public static bool IsEncrypted(string path, string text) => TryParse(path, text) is not null;

    /// <summary>A cheap first look: whether the text could hold sops metadata at all (most files read are not worth parsing twice).</summary>
    public static bool MayBeEncrypted(string text) =>
        text.Contains("sops_mac=", StringComparison.Ordinal)
        || (text.Contains("sops", StringComparison.Ordinal) && (text.Contains("mac:", StringComparison.Ordinal) || text.Contains("\"mac\"", StringComparison.Ordinal)));

    /// <summary>The encrypted file, or null when the text has no sops metadata (a plain file); throws when the metadata is there but unusable.</summary>
    public static SopsDocument? TryParse(string path, string text)
    {
        if (!MayBeEncrypted(text))
        {
            return null;
        }

        try
        {
            return Parse(path, text);
        }
        catch (SopsException)
        {
            return null;
        }
    }

    public static SopsDocument Parse(string path, string text)
    {
        var format = FormatOf(path, text);
        var tree = ReadTree(format == SopsFormat.Binary ? SopsFormat.Json : format, text);
        var sops = format == SopsFormat.Dotenv
            ? tree.Entries.Any(e => e.Key?.StartsWith(DotenvPrefix, StringComparison.Ordinal) == true) ? SopsMetadata.Unflatten(tree.Entries.Where(e => e.Key?.StartsWith(DotenvPrefix, StringComparison.Ordinal) == true)) : null
            : tree[MetadataKey] as SopsMap;
        if (sops is null || sops["mac"] is null)
        {
            throw new SopsException("the file is not encrypted with sops (it has no sops metadata)");
        }

        var values = new SopsMap(tree.Entries.Where(e => format == SopsFormat.Dotenv ? e.Key?.StartsWith(DotenvPrefix, StringComparison.Ordinal) != true : e.Key != MetadataKey).ToList());
        if (format == SopsFormat.Binary && (values.Entries.Count != 1 || values[BinaryKey] is not SopsLeaf))
        {
            throw new SopsException("the file is not a sops binary file (a 'data' value and the sops metadata)");
        }

        return new SopsDocument(format, values, SopsMetadata.Read(sops));
    }

    /// <summary>The plaintext, as sops -d prints it, once every value and the MAC verified.</summary>
    public string Decrypt(ISopsMasterKeys keys) => Emit(Format, DecryptTree(keys));

    /// <summary>
    /// The plaintext's bytes, as sops -d writes them: for a binary file exactly the bytes that were
    /// encrypted (any bytes at all, not only UTF-8); for the other stores the UTF-8 of the text.
    /// </summary>
    public byte[] DecryptBytes(ISopsMasterKeys keys)
    {
        var plain = DecryptTree(keys);
        return Format == SopsFormat.Binary ? ((SopsLeaf)plain[BinaryKey]!).Bytes : Encoding.UTF8.GetBytes(Emit(Format, plain));
    }

    private SopsMap DecryptTree(ISopsMasterKeys keys)
    {
        if (Metadata.Age.Count == 0)
        {
            throw new SopsException(Metadata.OtherKeys.Count == 0
                ? "the file names no age recipient"
                : $"the file is encrypted only for {string.Join(", ", Metadata.OtherKeys)} keys; reconciler reads age recipients only");
        }

        var dataKey = keys.Unwrap(Metadata);
        try
        {
            using var mac = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            if (Metadata.MacOnlyEncrypted)
            {
                mac.AppendData(MacOnlyEncryptedInitialization);
            }

            var plain = (SopsMap)Walk(Tree, [], (leaf, path) =>
            {
                var encrypted = Metadata.Encrypts(path);
                var where = string.Join(':', path);
                SopsLeaf value;
                if (!encrypted || leaf.Kind is not (LeafKind.String or LeafKind.Comment))
                {
                    value = leaf;
                }
                else if (leaf.Kind == LeafKind.Comment)
                {
                    value = SopsValueCipher.IsEncrypted(leaf.Text) ? DecryptComment(leaf, dataKey, path) : leaf;
                }
                else
                {
                    value = SopsValueCipher.Decrypt(leaf.Text, dataKey, AdditionalData(path), where);
                }

                if (value.Kind != LeafKind.Comment && (encrypted || !Metadata.MacOnlyEncrypted))
                {
                    mac.AppendData(MacBytes.Of(value));
                }

                return value;
            });

            var expected = SopsValueCipher.Decrypt(Metadata.Mac, dataKey, Metadata.LastModified, "sops.mac");
            var actual = Convert.ToHexString(mac.GetHashAndReset());
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Text), Encoding.ASCII.GetBytes(actual)))
            {
                throw new SopsException("the MAC does not match: values were added, removed or changed after the file was encrypted");
            }

            return plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Encrypts a plain file for the recipients, as sops -e would: every value (but those the suffix or regex rules exempt) and comment, and the MAC.</summary>
    public static string Encrypt(string path, string plaintext, SopsCreationRule rule, ISopsMasterKeys keys, DateTimeOffset now) =>
        Encrypt(path, Encoding.UTF8.GetBytes(plaintext), rule, keys, now);

    /// <summary>Encrypts a plain file's bytes; a binary file (any name sops does not read as YAML, JSON or dotenv) keeps them exactly, whatever they are.</summary>
    public static string Encrypt(string path, byte[] plaintext, SopsCreationRule rule, ISopsMasterKeys keys, DateTimeOffset now)
    {
        var format = SopsFormats.ForPath(path);
        var text = Encoding.UTF8.GetString(plaintext);
        if (TryParse(path, text) is not null)
        {
            throw new SopsException("the file is already encrypted with sops");
        }

        var tree = format == SopsFormat.Binary ? new SopsMap([new(BinaryKey, new SopsLeaf(text, LeafKind.String) { Raw = plaintext })]) : ReadTree(format, text);
        if (tree[MetadataKey] is not null || tree.Entries.Any(e => format == SopsFormat.Dotenv && e.Key?.StartsWith(DotenvPrefix, StringComparison.Ordinal) == true))
        {
            throw new SopsException("the file has a top-level 'sops' key, which sops reserves for its metadata");
        }

        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var lastModified = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var draft = new SopsMetadata(keys.Wrap(dataKey, rule.AgeRecipients), lastModified, string.Empty, Version)
            {
                UnencryptedSuffix = rule.UnencryptedSuffix ?? ((rule.EncryptedSuffix ?? rule.EncryptedRegex ?? rule.UnencryptedRegex) is null ? SopsMetadata.DefaultUnencryptedSuffix : null),
                EncryptedSuffix = rule.EncryptedSuffix,
                UnencryptedRegex = rule.UnencryptedRegex,
                EncryptedRegex = rule.EncryptedRegex,
            };
            using var mac = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            var encrypted = (SopsMap)Walk(tree, [], (leaf, keyPath) =>
            {
                if (leaf.Kind != LeafKind.Comment)
                {
                    mac.AppendData(MacBytes.Of(leaf));
                }

                return draft.Encrypts(keyPath) ? new SopsLeaf(SopsValueCipher.Encrypt(leaf, dataKey, AdditionalData(keyPath)), leaf.Kind == LeafKind.Comment ? LeafKind.Comment : LeafKind.String) : leaf;
            });
            var metadata = draft with { Mac = SopsValueCipher.Encrypt(new SopsLeaf(Convert.ToHexString(mac.GetHashAndReset()), LeafKind.String), dataKey, lastModified) };
            return format == SopsFormat.Dotenv
                ? DotenvTree.Write(new SopsMap([.. encrypted.Entries, .. metadata.ToDotenv()]))
                : Emit(format == SopsFormat.Binary ? SopsFormat.Json : format, new SopsMap([.. encrypted.Entries, new(MetadataKey, metadata.ToMap())]));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// A stand-in for the plaintext when there is no key: the encrypted values and the MAC as
    /// they are, so it changes exactly when the file's ciphertext does. For dotenv, one line per
    /// key with a digest of its encrypted value, so env_file still yields the same variable names.
    /// </summary>
    public string Fingerprint(string text)
    {
        if (Format != SopsFormat.Dotenv)
        {
            return text;
        }

        var lines = Tree.Entries.Where(e => e.Key is not null).Select(e => $"{e.Key}=sops:{Digest(((SopsLeaf)e.Value).Text + "\n" + Metadata.Mac)}");
        return string.Join('\n', lines) + "\n";
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static SopsLeaf DecryptComment(SopsLeaf comment, byte[] dataKey, IReadOnlyList<string> path)
    {
        // sops keys a comment to the collection it belongs to; where a YAML library puts a comment
        // between two levels is not fixed, so the enclosing levels are tried too. Comments are not
        // part of the MAC: one that opens under no level stays as it is, as sops leaves it.
        for (var depth = path.Count; depth >= 0; depth--)
        {
            try
            {
                return SopsValueCipher.Decrypt(comment.Text, dataKey, AdditionalData(path.Take(depth).ToList()), "comment");
            }
            catch (SopsException)
            {
            }
        }

        return comment;
    }

    private static string AdditionalData(IReadOnlyList<string> path) => string.Join(':', path) + ":";

    /// <summary>Every leaf and comment in order, with the key path of its value (a comment has its collection's path; list items add nothing).</summary>
    private static SopsNode Walk(SopsNode node, List<string> path, Func<SopsLeaf, IReadOnlyList<string>, SopsLeaf> visit) => node switch
    {
        SopsMap map => new SopsMap(map.Entries.Select(e => e.Key is null
            ? new SopsEntry(null, visit((SopsLeaf)e.Value, path))
            : new SopsEntry(e.Key, Walk(e.Value, [.. path, e.Key], visit))).ToList()),
        SopsList list => new SopsList(list.Items.Select(i => Walk(i, path, visit)).ToList()),
        SopsLeaf { Kind: LeafKind.Null } leaf => leaf,
        SopsLeaf leaf => visit(leaf, path),
        _ => node,
    };

    private static SopsFormat FormatOf(string path, string text)
    {
        var byName = SopsFormats.ForPath(path);
        if (byName != SopsFormat.Binary)
        {
            return byName;
        }

        // A name that says nothing: sops -e output redirected to "secret.enc" keeps its input's store.
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return trimmed.Contains("\"data\"", StringComparison.Ordinal) ? SopsFormat.Binary : SopsFormat.Json;
        }

        return text.Contains("\nsops_mac=", StringComparison.Ordinal) || text.StartsWith("sops_mac=", StringComparison.Ordinal) ? SopsFormat.Dotenv : SopsFormat.Yaml;
    }

    private static SopsMap ReadTree(SopsFormat format, string text) => format switch
    {
        SopsFormat.Yaml => YamlTree.Read(text),
        SopsFormat.Dotenv => DotenvTree.Read(text),
        _ => JsonTree.Read(text),
    };

    private static string Emit(SopsFormat format, SopsMap tree) => format switch
    {
        SopsFormat.Yaml => YamlTree.Write(tree),
        SopsFormat.Dotenv => DotenvTree.Write(tree),
        SopsFormat.Json => JsonTree.Write(tree),
        _ => ((SopsLeaf)tree[BinaryKey]!).Text,
    };
}
