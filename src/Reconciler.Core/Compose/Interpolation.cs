using System.Text;
using System.Text.Json.Nodes;

namespace Reconciler.Core.Compose;

/// <summary>
/// Compose variable interpolation ($VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
/// ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, and $$ for a literal $),
/// applied to every string in the document as docker stack deploy does.
/// </summary>
public static class Interpolation
{
    /// <summary>A variable that was needed but not set; Required ones came from ${VAR?message}.</summary>
    public sealed record Unset(string Pointer, string Variable, bool Required, string? Message);

    public static IReadOnlyList<Unset> Apply(JsonNode? root, IReadOnlyDictionary<string, string> variables)
    {
        var unset = new List<Unset>();
        Walk(root, string.Empty, variables, unset);
        return unset;
    }

    /// <summary>The variables a node reads (set ones only), found by interpolating a copy of it.</summary>
    public static IReadOnlySet<string> Reads(JsonNode? node, IReadOnlyDictionary<string, string> variables)
    {
        var reads = new VariableReads(variables);
        Walk(node?.DeepClone(), string.Empty, reads, []);
        return reads.Read;
    }

    private static void Walk(JsonNode? node, string pointer, IReadOnlyDictionary<string, string> variables, List<Unset> unset)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, child) in map.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        map[key] = Substitute(text, Loading.JsonPointers.Child(pointer, key), variables, unset);
                    }
                    else
                    {
                        Walk(child, Loading.JsonPointers.Child(pointer, key), variables, unset);
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        list[i] = Substitute(text, Loading.JsonPointers.Child(pointer, i), variables, unset);
                    }
                    else
                    {
                        Walk(list[i], Loading.JsonPointers.Child(pointer, i), variables, unset);
                    }
                }

                break;
        }
    }

    public static string Substitute(string text, string pointer, IReadOnlyDictionary<string, string> variables, List<Unset> unset)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var close = text.IndexOf('}', StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (next == '{' && NextClose(text, i + 2, ref close) > 0)
            {
                result.Append(Expand(text[(i + 2)..close], pointer, variables, unset));
                i = close;
            }
            else if (char.IsAsciiLetter(next) || next == '_')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                result.Append(Lookup(text[(i + 1)..end], pointer, variables, unset));
                i = end - 1;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// The first '}' at or after <paramref name="from"/>, or -1. The previous answer is reused
    /// while it still lies ahead and the search only moves forward, so a text full of unclosed
    /// "${" is scanned once, not once per "${".
    /// </summary>
    private static int NextClose(string text, int from, ref int close) =>
        close = close < 0 || close >= from ? close : text.IndexOf('}', from);

    private static string Expand(string body, string pointer, IReadOnlyDictionary<string, string> variables, List<Unset> unset)
    {
        var op = body.IndexOfAny([':', '-', '?', '+']);
        if (op < 0)
        {
            return Lookup(body, pointer, variables, unset);
        }

        var name = body[..op];
        var colon = body[op] == ':';
        var kind = colon && op + 1 < body.Length ? body[op + 1] : body[op];
        var argument = body[(op + (colon ? 2 : 1))..];
        var isSet = variables.TryGetValue(name, out var value);
        var usable = isSet && (!colon || !string.IsNullOrEmpty(value));
        switch (kind)
        {
            case '-':
                return usable ? value! : argument;
            case '+':
                return usable ? argument : string.Empty;
            case '?':
                if (!usable)
                {
                    unset.Add(new Unset(pointer, name, Required: true, argument.Length > 0 ? argument : null));
                }

                return value ?? string.Empty;
            default:
                return Lookup(name, pointer, variables, unset);
        }
    }

    private static string Lookup(string name, string pointer, IReadOnlyDictionary<string, string> variables, List<Unset> unset)
    {
        if (variables.TryGetValue(name, out var value))
        {
            return value;
        }

        unset.Add(new Unset(pointer, name, Required: false, null));
        return string.Empty;
    }
}
