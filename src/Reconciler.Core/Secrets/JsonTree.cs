using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Secrets;

/// <summary>A JSON document as a SOPS tree (integers apart from other numbers, as sops's JSON store does) and back.</summary>
internal static class JsonTree
{
    public static SopsMap Read(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = RepositoryBudgets.MaxYamlDepth });
            return Node(document.RootElement) as SopsMap ?? throw new SopsException("the JSON document must be an object");
        }
        catch (JsonException e)
        {
            throw new SopsException($"the file is not valid JSON (line {e.LineNumber + 1})");
        }
    }

    private static SopsNode Node(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new SopsMap(element.EnumerateObject().Select(p => new SopsEntry(p.Name, Node(p.Value))).ToList()),
        JsonValueKind.Array => new SopsList(element.EnumerateArray().Select(Node).ToList()),
        JsonValueKind.String => new SopsLeaf(element.GetString()!, LeafKind.String),
        JsonValueKind.True => new SopsLeaf("true", LeafKind.Bool),
        JsonValueKind.False => new SopsLeaf("false", LeafKind.Bool),
        JsonValueKind.Number => element.TryGetInt64(out var integer)
            ? new SopsLeaf(integer.ToString(System.Globalization.CultureInfo.InvariantCulture), LeafKind.Int)
            : new SopsLeaf(element.GetRawText(), LeafKind.Float),
        _ => new SopsLeaf(string.Empty, LeafKind.Null),
    };

    public static string Write(SopsMap root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = RepositoryBudgets.MaxYamlDepth + 2 }))
        {
            Write(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, SopsNode node)
    {
        switch (node)
        {
            case SopsMap map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries.Where(e => e.Key is not null))
                {
                    writer.WritePropertyName(entry.Key!);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case SopsList list:
                writer.WriteStartArray();
                foreach (var item in list.Items.Where(i => i is not SopsLeaf { Kind: LeafKind.Comment }))
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case SopsLeaf { Kind: LeafKind.Null }:
                writer.WriteNullValue();
                break;
            case SopsLeaf { Kind: LeafKind.Bool } leaf:
                writer.WriteBooleanValue(leaf.Text == "true");
                break;
            case SopsLeaf { Kind: LeafKind.Int or LeafKind.Float } leaf when leaf.Text is not ("+Inf" or "-Inf" or "NaN"):
                writer.WriteRawValue(leaf.Text);
                break;
            case SopsLeaf leaf:
                writer.WriteStringValue(leaf.Text);
                break;
        }
    }
}
