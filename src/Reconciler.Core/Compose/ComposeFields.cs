using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>
/// Compose's own type coercion, in one place. After interpolation any value may be text, so
/// numbers and booleans are taken from strings where compose takes them, and string-or-list
/// fields become lists. A value compose would reject is a diagnostic at its line, never a
/// silent default: the validator and the converter read the same result, so they cannot disagree.
/// </summary>
internal sealed class ComposeFields(SourceDocument document, List<Diagnostic> diagnostics)
{
    public SourceDocument Document => document;

    public void Invalid(string pointer, string message) => Report(Rules.ComposeInvalid, pointer, message);

    public void Report(Rule rule, string pointer, string message) => diagnostics.Add(rule.At(document.Locate(pointer), message));

    /// <summary>A mapping, or null when absent; anything else is reported.</summary>
    public JsonObject? Mapping(JsonObject? parent, string name, string pointer) => Value(parent, name) switch
    {
        null => null,
        JsonObject map => map,
        _ => Report<JsonObject>(pointer, name, "a mapping"),
    };

    /// <summary>A scalar as text (compose reads numbers and booleans as text where it wants text).</summary>
    public string? Text(JsonObject? parent, string name, string pointer) => Value(parent, name) switch
    {
        null => null,
        var node when JsonRead.Scalar(node) is { } text => text,
        _ => Report<string>(pointer, name, "a single value"),
    };

    /// <summary>A whole number, written as a number or as text ("2", or an interpolated ${VAR}).</summary>
    public long? Integer(JsonObject? parent, string name, string pointer, long minimum = long.MinValue)
    {
        if (Text(parent, name, pointer) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum)
        {
            return number;
        }

        Invalid(pointer, $"'{name}' must be a whole number{(minimum == 0 ? " of zero or more" : string.Empty)}, not '{text}'");
        return null;
    }

    /// <summary>A boolean, written as one or as text compose accepts (true/false, 1/0, t/f in any case).</summary>
    public bool? Flag(JsonObject? parent, string name, string pointer)
    {
        if (Text(parent, name, pointer) is not { } text)
        {
            return null;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "t" or "1":
                return true;
            case "false" or "f" or "0":
                return false;
            default:
                Invalid(pointer, $"'{name}' must be true or false, not '{text}'");
                return null;
        }
    }

    /// <summary>A single string or a list of them; compose treats "X" as ["X"].</summary>
    public IReadOnlyList<string> List(JsonObject? parent, string name, string pointer)
    {
        switch (Value(parent, name))
        {
            case null:
                return [];
            case JsonArray list:
                var items = new List<string>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (JsonRead.Scalar(list[i]) is { } item)
                    {
                        items.Add(item);
                    }
                    else
                    {
                        Invalid(JsonPointers.Child(pointer, i), $"each item of '{name}' must be a single value");
                    }
                }

                return items;
            case var node when JsonRead.Scalar(node) is { } text:
                return [text];
            default:
                Report<string>(pointer, name, "a value or a list of values");
                return [];
        }
    }

    /// <summary>"KEY=value" lists and KEY: value maps alike; a key without a value maps to null.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Pairs(JsonObject? parent, string name, string pointer)
    {
        switch (Value(parent, name))
        {
            case null:
                return [];
            case JsonObject map:
                return map.Select(p => new KeyValuePair<string, string?>(p.Key, PairValue(p.Value, JsonPointers.Child(pointer, p.Key), name))).ToList();
            case JsonArray:
                return List(parent, name, pointer).Select(item =>
                {
                    var equals = item.IndexOf('=', StringComparison.Ordinal);
                    return equals < 0
                        ? new KeyValuePair<string, string?>(item, null)
                        : new KeyValuePair<string, string?>(item[..equals], item[(equals + 1)..]);
                }).ToList();
            default:
                Report<string>(pointer, name, "a mapping or a list of KEY=value");
                return [];
        }
    }

    /// <summary>Labels and options: pairs whose missing values become empty strings, as docker does; the last of a repeated key wins.</summary>
    public IReadOnlyDictionary<string, string> Labels(JsonObject? parent, string name, string pointer) =>
        Pairs(parent, name, pointer).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? string.Empty, StringComparer.Ordinal);

    private static JsonNode? Value(JsonObject? parent, string name) =>
        parent?[name] is { } node && node.GetValueKind() != JsonValueKind.Null ? node : null;

    private string? PairValue(JsonNode? node, string pointer, string name)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (JsonRead.Scalar(node) is { } text)
        {
            return text;
        }

        Invalid(pointer, $"each value of '{name}' must be a single value");
        return null;
    }

    private T? Report<T>(string pointer, string name, string expected)
        where T : class
    {
        Invalid(pointer, $"'{name}' must be {expected}");
        return null;
    }
}
