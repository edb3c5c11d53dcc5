using System.Text.Json.Nodes;

namespace Reconciler.Core.Validation;

/// <summary>
/// Finds the subschema that governs an instance location by walking the raw schema JSON
/// (properties, items, additionalProperties, $ref into common.schema.json), so diagnostics
/// can list the allowed fields and choices from the same schema files editors use.
/// </summary>
internal sealed class SchemaNavigator(IReadOnlyDictionary<string, JsonObject> documents)
{
    public JsonObject? Find(string kind, string pointer)
    {
        JsonObject? schema = Resolve(documents.GetValueOrDefault(kind.ToLowerInvariant()), kind.ToLowerInvariant());
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var next = schema?["properties"]?[name] as JsonObject
                ?? schema?["items"] as JsonObject
                ?? schema?["additionalProperties"] as JsonObject;
            schema = Resolve(next, kind.ToLowerInvariant());
        }

        return schema;
    }

    public IReadOnlyList<string> PropertyNames(string kind, string pointer) =>
        Find(kind, pointer)?["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToList() : [];

    public IReadOnlyList<string> Choices(string kind, string pointer) =>
        Find(kind, pointer)?["enum"] is JsonArray choices ? choices.Select(c => c?.ToString() ?? "null").ToList() : [];

    public string? Description(string kind, string pointer) => Find(kind, pointer)?["description"]?.GetValue<string>();

    private JsonObject? Resolve(JsonObject? schema, string current)
    {
        // A $ref's siblings (description, default) are kept: the referenced schema fills in the rest.
        if (schema?["$ref"]?.GetValue<string>() is not { } reference)
        {
            return schema;
        }

        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var name = file.Length == 0 ? current : file[..^".schema.json".Length];
        JsonNode? target = documents.GetValueOrDefault(name);
        if (hash >= 0)
        {
            foreach (var part in reference[(hash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target?[part];
            }
        }

        var merged = (target as JsonObject)?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in schema)
        {
            if (key != "$ref")
            {
                merged[key] = value?.DeepClone();
            }
        }

        return Resolve(merged, name);
    }
}
