using System.Text.RegularExpressions;

namespace Reconciler.Core.Secrets;

/// <summary>An age recipient of a SOPS file and the data key encrypted to it (an armored age file).</summary>
public sealed record SopsAgeKey(string Recipient, string Enc);

/// <summary>
/// The "sops" section of an encrypted file: who can read the data key, the encrypted MAC and
/// which values are encrypted. Key groups (Shamir) and the comment regexes are refused rather
/// than half-understood.
/// </summary>
public sealed record SopsMetadata(IReadOnlyList<SopsAgeKey> Age, string LastModified, string Mac, string Version)
{
    public const string DefaultUnencryptedSuffix = "_unencrypted";

    private static readonly string[] OtherKeyTypes = ["pgp", "kms", "gcp_kms", "hckms", "azure_kv", "hc_vault"];

    public string? UnencryptedSuffix { get; init; }

    public string? EncryptedSuffix { get; init; }

    public string? UnencryptedRegex { get; init; }

    public string? EncryptedRegex { get; init; }

    public bool MacOnlyEncrypted { get; init; }

    /// <summary>Master keys of other kinds (pgp, kms…) the file also names; reconciler can use none of them.</summary>
    public IReadOnlyList<string> OtherKeys { get; init; } = [];

    /// <summary>Whether sops encrypts the value at this key path (its suffix and regex rules).</summary>
    public bool Encrypts(IReadOnlyList<string> path)
    {
        var encrypted = true;
        if (!string.IsNullOrEmpty(UnencryptedSuffix) && path.Any(k => k.EndsWith(UnencryptedSuffix, StringComparison.Ordinal)))
        {
            encrypted = false;
        }

        if (!string.IsNullOrEmpty(EncryptedSuffix))
        {
            encrypted = path.Any(k => k.EndsWith(EncryptedSuffix, StringComparison.Ordinal));
        }

        if (!string.IsNullOrEmpty(UnencryptedRegex) && path.Any(k => Matches(UnencryptedRegex, k)))
        {
            encrypted = false;
        }

        if (!string.IsNullOrEmpty(EncryptedRegex))
        {
            encrypted = path.Any(k => Matches(EncryptedRegex, k));
        }

        return encrypted;
    }

    private static bool Matches(string pattern, string key) =>
        Regex.IsMatch(key, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    internal static SopsMetadata Read(SopsMap sops)
    {
        foreach (var unsupported in new[] { "key_groups", "shamir_threshold", "unencrypted_comment_regex", "encrypted_comment_regex" })
        {
            if (sops[unsupported] is { } value && !IsEmpty(value))
            {
                throw new SopsException($"the file uses sops '{unsupported}', which reconciler does not support; encrypt it for plain age recipients");
            }
        }

        var age = sops["age"] is SopsList list
            ? list.Items.OfType<SopsMap>().Select(k => new SopsAgeKey(Text(k, "recipient") ?? string.Empty, Text(k, "enc") ?? string.Empty)).ToList()
            : [];
        return new SopsMetadata(
            age,
            Text(sops, "lastmodified") ?? throw new SopsException("the sops section has no 'lastmodified'"),
            Text(sops, "mac") ?? throw new SopsException("the sops section has no 'mac'"),
            Text(sops, "version") ?? string.Empty)
        {
            UnencryptedSuffix = Text(sops, "unencrypted_suffix"),
            EncryptedSuffix = Text(sops, "encrypted_suffix"),
            UnencryptedRegex = Text(sops, "unencrypted_regex"),
            EncryptedRegex = Text(sops, "encrypted_regex"),
            MacOnlyEncrypted = Text(sops, "mac_only_encrypted") is "true" or "True",
            OtherKeys = OtherKeyTypes.Where(t => sops[t] is { } value && !IsEmpty(value)).ToList(),
        };
    }

    internal SopsMap ToMap()
    {
        var entries = new List<SopsEntry>
        {
            new("age", new SopsList(Age.Select(k => (SopsNode)new SopsMap([new("recipient", Leaf(k.Recipient)), new("enc", Leaf(k.Enc))])).ToList())),
            new("lastmodified", Leaf(LastModified)),
            new("mac", Leaf(Mac)),
        };
        Optional("unencrypted_suffix", UnencryptedSuffix);
        Optional("encrypted_suffix", EncryptedSuffix);
        Optional("unencrypted_regex", UnencryptedRegex);
        Optional("encrypted_regex", EncryptedRegex);
        if (MacOnlyEncrypted)
        {
            entries.Add(new("mac_only_encrypted", new SopsLeaf("true", LeafKind.Bool)));
        }

        entries.Add(new("version", Leaf(Version)));
        return new SopsMap(entries);

        void Optional(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                entries.Add(new(key, Leaf(value)));
            }
        }
    }

    /// <summary>The dotenv store's flattened spelling: sops_age__list_0__map_enc=…, sorted as sops writes it.</summary>
    internal IEnumerable<SopsEntry> ToDotenv()
    {
        var flat = new List<SopsEntry>();
        Flatten("sops", ToMap(), flat);
        return flat.OrderBy(e => e.Key, StringComparer.Ordinal);
    }

    private static void Flatten(string prefix, SopsNode node, List<SopsEntry> into)
    {
        switch (node)
        {
            case SopsMap map:
                foreach (var entry in map.Entries)
                {
                    Flatten(prefix == "sops" ? $"sops_{entry.Key}" : $"{prefix}__map_{entry.Key}", entry.Value, into);
                }

                break;
            case SopsList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    Flatten($"{prefix}__list_{i}", list.Items[i], into);
                }

                break;
            case SopsLeaf leaf:
                into.Add(new SopsEntry(prefix, new SopsLeaf(leaf.Text, LeafKind.String)));
                break;
        }
    }

    /// <summary>The nested sops section back from the dotenv store's flat sops_* keys.</summary>
    internal static SopsMap Unflatten(IEnumerable<SopsEntry> flat)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var entry in flat)
        {
            var tokens = Regex.Split(entry.Key!["sops_".Length..], "(__map_|__list_)");
            object current = root;
            for (var i = 0; i < tokens.Length; i += 2)
            {
                var last = i + 2 >= tokens.Length;
                var name = i == 0 ? tokens[0] : tokens[i];
                var container = (Dictionary<string, object>)current;
                if (last)
                {
                    container[name] = ((SopsLeaf)entry.Value).Text;
                    break;
                }

                if (!container.TryGetValue(name, out var next) || next is not Dictionary<string, object>)
                {
                    next = container[name] = new Dictionary<string, object>(StringComparer.Ordinal) { ["__list"] = tokens[i + 1] == "__list_" };
                }

                current = next;
            }
        }

        return (SopsMap)ToNode(root);
    }

    private static SopsNode ToNode(object value) => value switch
    {
        string text => Leaf(text),
        Dictionary<string, object> map when map.TryGetValue("__list", out var isList) && (bool)isList =>
            new SopsList(map.Where(e => e.Key != "__list").OrderBy(e => int.TryParse(e.Key, out var n) ? n : int.MaxValue).Select(e => ToNode(e.Value)).ToList()),
        Dictionary<string, object> map => new SopsMap(map.Where(e => e.Key != "__list").Select(e => new SopsEntry(e.Key, ToNode(e.Value))).ToList()),
        _ => Leaf(string.Empty),
    };

    private static SopsLeaf Leaf(string text) => new(text, LeafKind.String);

    private static string? Text(SopsMap map, string key) => map[key] is SopsLeaf { Kind: not LeafKind.Null } leaf ? leaf.Text : null;

    private static bool IsEmpty(SopsNode node) => node switch
    {
        SopsList list => list.Items.Count == 0,
        SopsMap map => map.Entries.Count == 0,
        SopsLeaf leaf => leaf.Kind == LeafKind.Null || leaf.Text.Length == 0 || leaf.Text == "0",
        _ => true,
    };
}
