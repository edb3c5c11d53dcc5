using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Core.Loading;

/// <summary>
/// Builds JSON trees straight from the parser's events, recording the mark of every node.
/// Working from events (not YamlDotNet's representation model) lets us report duplicate keys,
/// apply merge keys (<c>&lt;&lt;: *defaults</c>, common in compose files) and bound alias expansion.
/// </summary>
internal sealed class YamlTreeBuilder(string file, IParser parser, YamlDialect dialect)
{
    private readonly Dictionary<string, (JsonNode? Node, int Size, int Height)> anchors = new(StringComparer.Ordinal);
    private Dictionary<string, NodePosition> positions = new(StringComparer.Ordinal);
    private Mark documentStart = Mark.Empty;

    /// <summary>Nodes read so far in the whole file, every alias counted at its expanded size.</summary>
    private int count;

    /// <summary>The deepest level reached below the node being read, aliases counted at their expanded height.</summary>
    private int deepest;

    public List<Diagnostic> Diagnostics { get; } = [];

    public SourceLocation Locate(Mark? mark) =>
        mark is { } m ? new(file, (int)Math.Max(1, m.Line), (int)Math.Max(1, m.Column)) : SourceLocation.StartOf(file);

    /// <summary>Reads every document; past a budget, reports it and reads no further in the file.</summary>
    public void ReadStream(List<SourceDocument> documents)
    {
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                anchors.Clear();
                positions = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
                documentStart = start.Start;
                var root = ReadNode(string.Empty, key: null, depth: 0);
                parser.Consume<DocumentEnd>();
                var at = positions.TryGetValue(string.Empty, out var p) ? p.Value : Locate(start.Start);
                documents.Add(new SourceDocument(file, root, positions, at));
            }

            parser.Consume<StreamEnd>();
        }
        catch (BudgetExceeded e)
        {
            Diagnostics.Add(e.Diagnostic);
        }
    }

    private JsonNode? ReadNode(string pointer, SourceLocation? key, int depth)
    {
        var current = parser.Current!;
        if (depth > RepositoryBudgets.MaxYamlDepth)
        {
            throw TooDeep(current.Start);
        }

        positions[pointer] = new NodePosition(key, Locate(current.Start));
        parser.MoveNext();
        if (current is AnchorAlias alias)
        {
            return Expand(alias, depth);
        }

        var before = count;
        Count(1);
        var outer = deepest;
        deepest = depth;
        var node = current switch
        {
            Scalar scalar => ScalarValue(scalar, dialect),
            SequenceStart => ReadSequence(pointer, depth),
            MappingStart => ReadMapping(pointer, depth),
            _ => throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}"),
        };
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = (node, count - before, deepest - depth);
        }

        deepest = Math.Max(outer, deepest);
        return node;
    }

    private JsonNode? Expand(AnchorAlias alias, int depth)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");
        }

        if (depth + target.Height > RepositoryBudgets.MaxYamlDepth)
        {
            throw TooDeep(alias.Start);
        }

        Count(target.Size);
        deepest = Math.Max(deepest, depth + target.Height);
        return target.Node?.DeepClone();
    }

    private void Count(int nodes)
    {
        count += nodes;
        if (count > RepositoryBudgets.MaxYamlNodes)
        {
            throw new BudgetExceeded(Rules.DocumentTooLarge.At(Locate(documentStart),
                $"this file has more than {RepositoryBudgets.MaxYamlNodes} YAML nodes (all its documents, anchors and aliases expanded), so the rest of it was not read; simplify it or split it"));
        }
    }

    private BudgetExceeded TooDeep(Mark at) =>
        new(Rules.NestedTooDeeply.At(Locate(at),
            $"collections nest more than {RepositoryBudgets.MaxYamlDepth} levels deep here (aliases counted as expanded), so the rest of the file was not read; flatten it"));

    private JsonArray ReadSequence(string pointer, int depth)
    {
        var result = new JsonArray();
        var index = 0;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            result.Add(ReadNode(JsonPointers.Child(pointer, index++), key: null, depth + 1));
        }

        return result;
    }

    private JsonObject ReadMapping(string pointer, int depth)
    {
        var result = new JsonObject();
        var merged = new List<JsonObject>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var keyAt = Locate(keyEvent.Start);
            if (keyEvent is not Scalar { } keyScalar)
            {
                Diagnostics.Add(Rules.WrongType.At(keyAt, "mapping keys must be plain text"));
                SkipNode();
                SkipNode();
                continue;
            }

            parser.MoveNext();
            var name = keyScalar.Value;
            if (name == "<<" && keyScalar.Style == ScalarStyle.Plain)
            {
                CollectMerge(ReadNode(JsonPointers.Child(pointer, name), keyAt, depth + 1), merged, keyAt);
                continue;
            }

            var value = ReadNode(JsonPointers.Child(pointer, name), keyAt, depth + 1);
            if (!result.TryAdd(name, value))
            {
                Diagnostics.Add(Rules.DuplicateKey.At(keyAt, $"key '{name}' appears twice in this mapping; keep one"));
            }
        }

        // Merge keys never override keys written out in the mapping itself.
        foreach (var source in merged)
        {
            foreach (var (name, value) in source)
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }

    private void CollectMerge(JsonNode? value, List<JsonObject> merged, SourceLocation at)
    {
        switch (value)
        {
            case JsonObject map:
                merged.Add(map);
                break;
            case JsonArray list when list.All(i => i is JsonObject):
                merged.AddRange(list.Cast<JsonObject>());
                break;
            default:
                Diagnostics.Add(Rules.WrongType.At(at, "a merge key '<<' takes a mapping or a list of mappings"));
                break;
        }
    }

    private void SkipNode() => parser.SkipThisAndNestedEvents();

    private static JsonNode? ScalarValue(Scalar scalar, YamlDialect dialect)
    {
        var explicitString = !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str";
        return scalar.Style != ScalarStyle.Plain || explicitString
            ? JsonValue.Create(scalar.Value)
            : PlainScalar.Resolve(scalar.Value, dialect);
    }
}

/// <summary>A budget of the file was exceeded: reading stops and this is the diagnostic.</summary>
internal sealed class BudgetExceeded(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
