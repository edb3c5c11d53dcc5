namespace Reconciler.Core.Loading;

/// <summary>RFC 6901 pointers, the common address of a node in YAML, JSON and schema output.</summary>
public static class JsonPointers
{
    public static string Child(string parent, string key) =>
        parent + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Child(string parent, int index) => parent + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Parent(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash <= 0 ? string.Empty : pointer[..slash];
    }

    /// <summary>The last segment, unescaped: the field name a diagnostic talks about.</summary>
    public static string Leaf(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return pointer[(slash + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>A dotted path for messages: /spec/nodes/0/name becomes spec.nodes[0].name.</summary>
    public static string ToDisplay(string pointer)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var text = new System.Text.StringBuilder();
        foreach (var raw in parts)
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (part.All(char.IsAsciiDigit))
            {
                text.Append('[').Append(part).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(part);
            }
        }

        return text.ToString();
    }
}
