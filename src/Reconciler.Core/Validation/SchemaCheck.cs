using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Json.Schema;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Validation;

/// <summary>
/// Structural validation of one manifest against its kind's JSON Schema, turned into
/// diagnostics that point at the offending key or value and say how to fix it.
/// Format keywords (pattern) are left to the field rules, which explain them better; a test
/// keeps the schema patterns and those rules in agreement.
/// </summary>
public static partial class SchemaCheck
{
    public static IReadOnlyList<Diagnostic> Check(string kind, SourceDocument document)
    {
        var instance = JsonSerializer.SerializeToElement(document.Root, TreeJson.Default.JsonNode);
        var results = ManifestSchemas.ForKind(kind).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var diagnostics = new List<Diagnostic>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in detail.Errors)
            {
                var effective = keyword.Length > 0 ? keyword : JsonPointers.Leaf(detail.EvaluationPath.ToString());
                diagnostics.AddRange(Translate(kind, document, pointer, effective, message));
            }
        }

        return diagnostics.Distinct().ToList();
    }

    private static IEnumerable<Diagnostic> Translate(string kind, SourceDocument document, string pointer, string keyword, string message)
    {
        var navigator = ManifestSchemas.Navigator;
        var field = JsonPointers.ToDisplay(pointer);
        switch (keyword)
        {
            case "additionalProperties":
                var parent = JsonPointers.Parent(pointer);
                var allowed = navigator.PropertyNames(kind, parent);
                var name = JsonPointers.Leaf(pointer);
                var where = parent.Length == 0 ? $"a {kind}" : $"'{JsonPointers.ToDisplay(parent)}'";
                yield return Rules.UnknownField.At(document.LocateKey(pointer),
                    allowed.Count == 0
                        ? $"unknown field '{name}' in {where}"
                        : $"unknown field '{name}' in {where}.{Suggestions.Hint(name, allowed)} Allowed: {string.Join(", ", allowed)}");
                break;
            case "required":
                foreach (Match missing in Quoted().Matches(message))
                {
                    var child = JsonPointers.Child(pointer, missing.Groups[1].Value);
                    var about = navigator.Description(kind, child);
                    yield return Rules.MissingField.At(document.LocateKey(pointer),
                        $"'{JsonPointers.ToDisplay(child)}' is required{(about is null ? string.Empty : ": " + char.ToLowerInvariant(about[0]) + about[1..])}");
                }

                break;
            case "type":
                var expected = ExpectedType().Match(message) is { Success: true } m ? m.Groups[1].Value : "of another type";
                yield return Rules.WrongType.At(document.Locate(pointer), $"'{field}' must be {Types(expected)} {TypeHint(document, pointer, expected)}".TrimEnd());
                break;
            case "enum" or "const":
                yield return Rules.InvalidChoice.At(document.Locate(pointer),
                    $"'{field}' must be one of: {string.Join(", ", navigator.Choices(kind, pointer))}");
                break;
            case "minimum" or "maximum":
                yield return Rules.IdRange.At(document.Locate(pointer), $"'{field}' must be a UID/GID between 0 and 2147483647");
                break;
            case "minLength":
                yield return Rules.MissingField.At(document.Locate(pointer), $"'{field}' must not be empty");
                break;
            case "minItems":
                yield return Rules.MissingField.At(document.Locate(pointer), $"'{field}' needs at least one entry");
                break;
            default:
                // pattern and composition keywords: the field rules report these precisely.
                break;
        }
    }

    /// <summary>"string" reads "a string"; "string, number, boolean" reads "a string, a number or a boolean".</summary>
    private static string Types(string expected)
    {
        var types = expected.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t is "integer" or "object" or "array" ? "an " + t : "a " + t).ToList();
        return types.Count == 1 ? types[0] : string.Join(", ", types[..^1]) + " or " + types[^1];
    }

    private static string TypeHint(SourceDocument document, string pointer, string expected)
    {
        var actual = document.Root is null ? null : Navigate(document.Root, pointer);
        return expected == "string" && actual is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? $"(write it in quotes: \"{NumberText(pointer, v)}\")"
            : string.Empty;
    }

    private static string NumberText(string pointer, JsonValue value)
    {
        // A mode written 0750 was read as the number 750: show it as the user wrote it.
        var text = value.ToJsonString();
        return JsonPointers.Leaf(pointer) == "mode" ? text.PadLeft(4, '0') : text;
    }

    private static JsonNode? Navigate(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>
    /// The tree's type info generated at build time: reflection-based serialization is slow to
    /// set up in every cold process and unavailable under Native AOT.
    /// </summary>
    [JsonSerializable(typeof(JsonNode))]
    private sealed partial class TreeJson : JsonSerializerContext;

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("should be \"([a-z, ]+)\"")]
    private static partial Regex ExpectedType();
}
