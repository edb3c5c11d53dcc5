namespace Reconciler.Core.Secrets;

/// <summary>What a leaf of a SOPS tree holds: SOPS encrypts and authenticates each kind differently.</summary>
public enum LeafKind
{
    String,
    Int,
    Float,
    Bool,
    Null,
    Comment,
}

/// <summary>The tree of a YAML, JSON or dotenv file as SOPS sees it: maps in order, lists, typed leaves and comments.</summary>
public abstract record SopsNode;

/// <summary>A leaf; Text is its plain spelling (decimal for ints, "true"/"false" for bools) or its ENC[…] value.</summary>
public sealed record SopsLeaf(string Text, LeafKind Kind) : SopsNode
{
    /// <summary>A plain string's exact bytes when they need not be UTF-8 (a binary file's data); Text is then only a lossy view.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>The bytes sops encrypts and authenticates for a string: Raw, else the UTF-8 of Text.</summary>
    public byte[] Bytes => Raw ?? System.Text.Encoding.UTF8.GetBytes(Text);
}

/// <summary>An entry of a map: a key and its value, or (Key null) a comment line.</summary>
public sealed record SopsEntry(string? Key, SopsNode Value);

public sealed record SopsMap(IReadOnlyList<SopsEntry> Entries) : SopsNode
{
    public SopsNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;
}

public sealed record SopsList(IReadOnlyList<SopsNode> Items) : SopsNode;
