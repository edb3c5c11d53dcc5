using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Loading;

/// <summary>
/// One YAML document as a JSON tree (what the schemas evaluate) plus where each node came
/// from, so every diagnostic can name the file, line and column the user has to edit.
/// </summary>
public sealed class SourceDocument
{
    private readonly IReadOnlyDictionary<string, NodePosition> positions;

    internal SourceDocument(string file, JsonNode? root, IReadOnlyDictionary<string, NodePosition> positions, SourceLocation start)
    {
        File = file;
        Root = root;
        this.positions = positions;
        Start = start;
    }

    /// <summary>Repository-relative path with forward slashes.</summary>
    public string File { get; }

    public JsonNode? Root { get; }

    /// <summary>Where the document itself starts (its first node).</summary>
    public SourceLocation Start { get; }

    /// <summary>The value at a JSON pointer, or the nearest ancestor that exists.</summary>
    public SourceLocation Locate(string pointer) => Find(pointer).Value;

    /// <summary>The key of a mapping entry (where "unknown field" should point), else its value.</summary>
    public SourceLocation LocateKey(string pointer) => Find(pointer) is { Key: { } key } ? key : Locate(pointer);

    private NodePosition Find(string pointer)
    {
        for (var p = pointer; ; p = JsonPointers.Parent(p))
        {
            if (positions.TryGetValue(p, out var position))
            {
                return position;
            }

            if (p.Length == 0)
            {
                return new NodePosition(null, Start);
            }
        }
    }
}

internal readonly record struct NodePosition(SourceLocation? Key, SourceLocation Value);
