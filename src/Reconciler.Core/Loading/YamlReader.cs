using System.Text.RegularExpressions;
using Reconciler.Core.Diagnostics;
using YamlDotNet.Core;

namespace Reconciler.Core.Loading;

/// <summary>
/// Reads YAML text into <see cref="SourceDocument"/>s. Never throws on bad input: syntax
/// errors, duplicate keys, alias bombs and excessive nesting (see <see cref="RepositoryBudgets"/>) come back as diagnostics with file, line and column.
/// </summary>
public static partial class YamlReader
{
    public static (IReadOnlyList<SourceDocument> Documents, IReadOnlyList<Diagnostic> Diagnostics) Read(
        string file, string text, YamlDialect dialect = YamlDialect.Core)
    {
        var parser = new Parser(new StringReader(text));
        var builder = new YamlTreeBuilder(file, parser, dialect);
        var documents = new List<SourceDocument>();
        try
        {
            builder.ReadStream(documents);
        }
        catch (YamlException e)
        {
            builder.Diagnostics.Add(Rules.YamlSyntax.At(builder.Locate(e.Start), Describe(e.Message)));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed flow
            // collections; the input is at fault, not us, so it is a syntax error like any other.
            builder.Diagnostics.Add(Rules.YamlSyntax.At(builder.Locate(parser.Current?.Start), Describe(e.Message)));
        }
        catch (ArgumentException e) when (ThrownByYamlDotNet(e))
        {
            // And when a tag is not a valid URI ("Global tags must be valid URIs"), found by fuzzing;
            // only YamlDotNet's own, so a bug of ours is never dressed up as a syntax error.
            builder.Diagnostics.Add(Rules.YamlSyntax.At(builder.Locate(parser.Current?.Start), Describe(e.Message.Split(" (Parameter", 2)[0])));
        }
        catch (EndOfStreamException)
        {
            // Likewise when the text ends inside an unclosed flow collection such as "{a: 1".
            builder.Diagnostics.Add(Rules.YamlSyntax.At(builder.Locate(parser.Current?.End),
                Describe("the file ends inside an unclosed '[' or '{'")));
        }

        return (documents, builder.Diagnostics);
    }

    /// <summary>
    /// Whether YamlDotNet itself threw: its innermost frame. From the stack trace text, as
    /// Native AOT keeps no reflection metadata for <see cref="Exception.TargetSite"/>.
    /// </summary>
    private static bool ThrownByYamlDotNet(Exception e) =>
        e.StackTrace?.TrimStart().StartsWith("at YamlDotNet.", StringComparison.Ordinal) == true;

    private static string Describe(string message) =>
        PositionPrefix().Replace(message, string.Empty).Trim().TrimEnd('.')
        + " (check indentation, quoting, brackets and the ':' after each key)";

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
