using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reconciler.Core.Loading;

/// <summary>
/// Lenient reads from a JSON tree: a missing or mistyped value comes back as null (the schema
/// check has already reported it), so one mistake never cascades into a dozen diagnostics.
/// </summary>
public static class JsonRead
{
    public static JsonObject? Object(JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonObject : null;

    public static JsonArray? Array(JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonArray : null;

    public static string? String(JsonNode? node, string name) => node is JsonObject o ? AsString(o[name]) : null;

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Strings, numbers and booleans as text (labels, properties, variables).</summary>
    public static string? Scalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l.ToString(CultureInfo.InvariantCulture) : v.GetValue<double>().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    public static long? Integer(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l : null;

    public static bool? Boolean(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IReadOnlyList<string> Strings(JsonNode? node, string name) =>
        Array(node, name)?.Select(AsString).OfType<string>().ToList() ?? [];

    public static IReadOnlyDictionary<string, string> ScalarMap(JsonNode? node, string name) =>
        Object(node, name)?.Where(p => Scalar(p.Value) is not null).ToDictionary(p => p.Key, p => Scalar(p.Value)!, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
