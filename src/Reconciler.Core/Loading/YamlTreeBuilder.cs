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
    private readonly Dictionary<string, (JsonNode? Node, int Size)> anchors = new(StringComparer.Ordinal);
    private Dictionary<string, NodePosition> positions = new(StringComparer.Ordinal);
    private int count;

    public List<Diagnostic> Diagnostics { get; } = [];

    public SourceLocation Locate(Mark? mark) =>
        mark is { } m ? new(file, (int)Math.Max(1, m.Line), (int)Math.Max(1, m.Column)) : SourceLocation.StartOf(file);

    public void ReadStream(List<SourceDocument> documents)
    {
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out var start))
        {
            anchors.Clear();
            positions = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
            count = 0;
            var root = ReadNode(string.Empty, key: null);
            parser.Consume<DocumentEnd>();
            if (count > YamlReader.MaxNodes)
            {
                Diagnostics.Add(Rules.DocumentTooLarge.At(Locate(start.Start),
                    $"this document expands to more than {YamlReader.MaxNodes} nodes through anchors and aliases; simplify it"));
                continue;
            }

            var at = positions.TryGetValue(string.Empty, out var p) ? p.Value : Locate(start.Start);
            documents.Add(new SourceDocument(file, root, positions, at));
        }

        parser.Consume<StreamEnd>();
    }

    private JsonNode? ReadNode(string pointer, SourceLocation? key)
    {
        var current = parser.Current!;
        positions[pointer] = new NodePosition(key, Locate(current.Start));
        parser.MoveNext();
        if (current is AnchorAlias alias)
        {
            return Expand(alias);
        }

        var before = count++;
        var node = current switch
        {
            Scalar scalar => ScalarValue(scalar, dialect),
            SequenceStart => ReadSequence(pointer),
            MappingStart => ReadMapping(pointer),
            _ => throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}"),
        };
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = (node, count - before);
        }

        return node;
    }

    private JsonNode? Expand(AnchorAlias alias)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");
        }

        count += target.Size;
        return count > YamlReader.MaxNodes ? null : target.Node?.DeepClone();
    }

    private JsonArray ReadSequence(string pointer)
    {
        var result = new JsonArray();
        var index = 0;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            result.Add(ReadNode(JsonPointers.Child(pointer, index++), key: null));
        }

        return result;
    }

    private JsonObject ReadMapping(string pointer)
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
                CollectMerge(ReadNode(JsonPointers.Child(pointer, name), keyAt), merged, keyAt);
                continue;
            }

            var value = ReadNode(JsonPointers.Child(pointer, name), keyAt);
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
