using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reconciler.Core.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Core.Secrets;

/// <summary>
/// A YAML document as a SOPS tree, with plain scalars typed the way the sops tool's YAML
/// library (yaml.v3) types them, since the type decides how a value is authenticated; and
/// back to YAML. Comments are kept as their own lines (sops encrypts them too). Bounded like
/// every YAML file reconciler reads: nesting and node count, and no aliases.
/// </summary>
internal static partial class YamlTree
{
    public static SopsMap Read(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
        var reader = new Reader(parser);
        reader.Start();
        reader.Expect<StreamStart>();
        reader.SkipComments(null);
        if (reader.Accept<StreamEnd>())
        {
            return new SopsMap([]);
        }

        reader.Expect<DocumentStart>();
        var comments = new List<SopsEntry>();
        reader.SkipComments(comments);
        var root = reader.Node(0);
        reader.SkipComments(comments);
        reader.Expect<DocumentEnd>();
        reader.SkipComments(comments);
        if (!reader.Accept<StreamEnd>())
        {
            throw new SopsException("a YAML file with several documents is not supported");
        }

        return root switch
        {
            SopsMap map => new SopsMap([.. map.Entries, .. comments]),
            SopsLeaf { Kind: LeafKind.Null } => new SopsMap(comments),
            _ => throw new SopsException("the YAML document must be a mapping"),
        };
    }

    public static string Write(SopsMap root)
    {
        var text = new StringBuilder();
        WriteEntries(text, root.Entries, 0);
        return text.ToString();
    }

    private sealed class Reader(IParser parser)
    {
        private int nodes;

        public bool Accept<T>() where T : ParsingEvent => parser.Current is T;

        public void Expect<T>() where T : ParsingEvent
        {
            if (parser.Current is not T)
            {
                throw new SopsException($"unexpected YAML at line {parser.Current?.Start.Line}");
            }

            Advance();
        }

        public void Start() => Advance();

        private void Advance()
        {
            try
            {
                parser.MoveNext();
            }
            catch (YamlException e)
            {
                throw new SopsException($"the file is not valid YAML (line {e.Start.Line}): {e.Message}");
            }
            catch (InvalidOperationException)
            {
                throw new SopsException("the file is not valid YAML");
            }
        }

        /// <summary>Comment events at the cursor, as comment entries (or dropped when <paramref name="into"/> is null).</summary>
        public void SkipComments(List<SopsEntry>? into)
        {
            while (parser.Current is Comment comment)
            {
                into?.Add(new SopsEntry(null, new SopsLeaf(comment.Value, LeafKind.Comment)));
                Advance();
            }
        }

        public SopsNode Node(int depth)
        {
            if (depth > RepositoryBudgets.MaxYamlDepth || ++nodes > RepositoryBudgets.MaxYamlNodes)
            {
                throw new SopsException($"the YAML file nests deeper than {RepositoryBudgets.MaxYamlDepth} levels or has more than {RepositoryBudgets.MaxYamlNodes} nodes");
            }

            switch (parser.Current)
            {
                case Scalar scalar:
                    Advance();
                    return Leaf(scalar);
                case SequenceStart:
                    Advance();
                    var items = new List<SopsNode>();
                    while (true)
                    {
                        var comments = new List<SopsEntry>();
                        SkipComments(comments);
                        items.AddRange(comments.Select(c => c.Value));
                        if (parser.Current is SequenceEnd)
                        {
                            Advance();
                            return new SopsList(items);
                        }

                        items.Add(Node(depth + 1));
                    }

                case MappingStart:
                    Advance();
                    var entries = new List<SopsEntry>();
                    while (true)
                    {
                        SkipComments(entries);
                        if (parser.Current is MappingEnd)
                        {
                            Advance();
                            return new SopsMap(entries);
                        }

                        if (parser.Current is not Scalar key)
                        {
                            throw new SopsException($"a YAML mapping key at line {parser.Current?.Start.Line} is not a plain string; sops supports only those");
                        }

                        Advance();
                        SkipComments(entries);
                        entries.Add(new SopsEntry(key.Value, Node(depth + 1)));
                    }

                case AnchorAlias:
                    throw new SopsException("YAML aliases are not supported in a SOPS file");
                default:
                    throw new SopsException($"unexpected YAML at line {parser.Current?.Start.Line}");
            }
        }
    }

    private static SopsLeaf Leaf(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && scalar.Style != ScalarStyle.Plain))
        {
            return new SopsLeaf(scalar.Value, LeafKind.String);
        }

        return Resolve(scalar.Value) ?? new SopsLeaf(scalar.Value, LeafKind.String);
    }

    /// <summary>How yaml.v3 resolves a plain scalar: null, bool, int (Go's base prefixes, underscores), float; else a string.</summary>
    internal static SopsLeaf? Resolve(string plain)
    {
        switch (plain)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new SopsLeaf(string.Empty, LeafKind.Null);
            case "true" or "True" or "TRUE":
                return new SopsLeaf("true", LeafKind.Bool);
            case "false" or "False" or "FALSE":
                return new SopsLeaf("false", LeafKind.Bool);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new SopsLeaf("+Inf", LeafKind.Float);
            case "-.inf" or "-.Inf" or "-.INF":
                return new SopsLeaf("-Inf", LeafKind.Float);
            case ".nan" or ".NaN" or ".NAN":
                return new SopsLeaf("NaN", LeafKind.Float);
        }

        if (plain[0] is not ('+' or '-' or '.' or (>= '0' and <= '9')))
        {
            return null;
        }

        var digits = plain.Replace("_", string.Empty, StringComparison.Ordinal);
        if (GoInteger(digits) is { } integer)
        {
            return new SopsLeaf(integer.ToString(CultureInfo.InvariantCulture), LeafKind.Int);
        }

        return YamlFloat().IsMatch(digits) && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? new SopsLeaf(digits, LeafKind.Float)
            : null;
    }

    /// <summary>strconv.ParseInt(s, 0, 64): an optional sign, then 0x, 0o, 0b or a leading 0 for octal.</summary>
    private static long? GoInteger(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        if (text.Length - body.Length > 1 || body.Length == 0)
        {
            return null;
        }

        var (radix, digits) = body.Length > 1 && body[0] == '0'
            ? char.ToLowerInvariant(body[1]) switch
            {
                'x' => (16, body[2..]),
                'o' => (8, body[2..]),
                'b' => (2, body[2..]),
                _ => (8, body[1..]),
            }
            : (10, body);
        if (digits.Length == 0)
        {
            return null;
        }

        try
        {
            var magnitude = digits.Aggregate(System.Numerics.BigInteger.Zero, (value, c) =>
            {
                var digit = HexDigit(c);
                return digit < 0 || digit >= radix ? throw new FormatException() : (value * radix) + digit;
            });
            var value = negative ? -magnitude : magnitude;
            return value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloat();

    private static void WriteEntries(StringBuilder text, IReadOnlyList<SopsEntry> entries, int indent)
    {
        foreach (var entry in entries)
        {
            if (entry.Key is null)
            {
                text.Append(' ', indent).Append('#').Append(((SopsLeaf)entry.Value).Text).Append('\n');
                continue;
            }

            text.Append(' ', indent).Append(Scalar(entry.Key, LeafKind.String, indent)).Append(':');
            WriteValue(text, entry.Value, indent);
        }
    }

    /// <summary>Writes what follows "key:" or "-": a scalar on the same line, a collection below it.</summary>
    private static void WriteValue(StringBuilder text, SopsNode value, int indent)
    {
        switch (value)
        {
            case SopsLeaf leaf:
                text.Append(' ').Append(Scalar(leaf.Text, leaf.Kind, indent + 4)).Append('\n');
                break;
            case SopsMap { Entries.Count: 0 }:
                text.Append(" {}\n");
                break;
            case SopsList { Items.Count: 0 }:
                text.Append(" []\n");
                break;
            case SopsMap map:
                text.Append('\n');
                WriteEntries(text, map.Entries, indent + 4);
                break;
            case SopsList list:
                text.Append('\n');
                foreach (var item in list.Items)
                {
                    if (item is SopsLeaf { Kind: LeafKind.Comment } comment)
                    {
                        text.Append(' ', indent + 4).Append('#').Append(comment.Text).Append('\n');
                        continue;
                    }

                    text.Append(' ', indent + 4).Append('-');
                    WriteValue(text, item, indent + 4);
                }

                break;
        }
    }

    private static string Scalar(string value, LeafKind kind, int indent) => kind switch
    {
        LeafKind.Null => "null",
        LeafKind.Int or LeafKind.Bool => value,
        LeafKind.Float => value switch { "+Inf" => ".inf", "-Inf" => "-.inf", "NaN" => ".nan", _ => value },
        _ when IsPlainSafe(value) => value,
        _ when IsLiteralSafe(value) => Literal(value, indent),
        _ => Quoted(value),
    };

    private static bool IsPlainSafe(string value) =>
        value.Length > 0
        && Resolve(value) is null
        && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
        && "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0], StringComparison.Ordinal) < 0
        && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
        && !value.EndsWith(':') && value.All(c => c >= ' ' && c != '\u007f' && c != '\u0085' && c != '\u2028' && c != '\u2029' && c != '\ufeff');

    private static bool IsLiteralSafe(string value) =>
        value.Contains('\n', StringComparison.Ordinal) && value.Length > 0 && value[0] is not (' ' or '\n')
        && value.All(c => c == '\n' || (c >= ' ' && c != '\u007f' && c != '\u0085' && c != '\u2028' && c != '\u2029' && c != '\ufeff'))
        && !value.Split('\n').Any(line => line.EndsWith(' '));

    private static string Literal(string value, int indent)
    {
        var body = value.TrimEnd('\n');
        var trailing = value.Length - body.Length;
        var text = new StringBuilder(trailing switch { 0 => "|-", 1 => "|", _ => "|+" });
        foreach (var line in (trailing > 1 ? value[..^1] : body).Split('\n'))
        {
            text.Append('\n');
            if (line.Length > 0)
            {
                text.Append(' ', indent).Append(line);
            }
        }

        return text.ToString();
    }

    private static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < ' ' || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\ufeff' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }
}
