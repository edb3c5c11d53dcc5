using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>Compose's flexible shapes: "a list or a map", "a string or a list", numbers as text.</summary>
internal static class ComposeValues
{
    public static string? Text(JsonNode? node, string name) => JsonRead.Scalar(node is JsonObject o ? o[name] : null);

    public static bool? Flag(JsonNode? node, string name) => JsonRead.Boolean(node, name);

    public static long? Number(JsonNode? node, string name) => long.TryParse(Text(node, name), out var n) ? n : null;

    /// <summary>A string split like a shell command, or a list taken as is; null when absent.</summary>
    public static IList<string>? Command(JsonNode? node, string name) => (node as JsonObject)?[name] switch
    {
        JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().ToList(),
        JsonValue value when JsonRead.Scalar(value) is { } text => ComposeUnits.ShellWords(text),
        _ => null,
    };

    /// <summary>A single string or a list of strings.</summary>
    public static IList<string> List(JsonNode? node, string name) => (node as JsonObject)?[name] switch
    {
        JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().ToList(),
        JsonValue value when JsonRead.Scalar(value) is { } text => [text],
        _ => [],
    };

    /// <summary>"KEY=value" lists and KEY: value maps alike; a key with no value maps to null.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Pairs(JsonNode? node, string name) => (node as JsonObject)?[name] switch
    {
        JsonObject map => map.Select(p => new KeyValuePair<string, string?>(p.Key, JsonRead.Scalar(p.Value))).ToList(),
        JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().Select(item =>
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? new KeyValuePair<string, string?>(item, null)
                : new KeyValuePair<string, string?>(item[..equals], item[(equals + 1)..]);
        }).ToList(),
        _ => [],
    };

    /// <summary>Labels: pairs whose missing values become empty strings, as docker does.</summary>
    public static Dictionary<string, string> Labels(JsonNode? node, string name) =>
        Pairs(node, name).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? string.Empty, StringComparer.Ordinal);

    public static bool IsPresent(JsonNode? node, string name) => node is JsonObject o && o.ContainsKey(name) && o[name]?.GetValueKind() != JsonValueKind.Null;
}
