using System.Text;

namespace Reconciler.Core.Tests;

/// <summary>
/// Inputs that exhausted the stack, memory or time before reading a repository had budgets:
/// the regression tests use them and the fuzz test starts from them.
/// </summary>
internal static class DosSeeds
{
    public static string NestedFlowSequences(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    public static string NestedFlowMappings(int depth) => "a: " + Repeat("{a: ", depth) + "1" + new string('}', depth) + "\n";

    public static string NestedBlockMappings(int depth) =>
        string.Concat(Enumerable.Range(0, depth).Select(level => new string(' ', 2 * level) + "a:\n"));

    /// <summary>
    /// Documents of a dozen lines that each expand to about 56,000 nodes through aliases: under
    /// the node budget one by one, far over it together.
    /// </summary>
    public static string AliasDocuments(int documents) => string.Join("---\n", Enumerable.Repeat(
        """
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: [*d, *d, *d, *d, *d]

        """, documents));

    /// <summary>A compose file whose image is <paramref name="count"/> unclosed "${".</summary>
    public static string UnclosedInterpolation(int count) =>
        "services:\n  web:\n    image: '" + Repeat("${", count) + "'\n";

    /// <summary>A Path manifest carrying <paramref name="value"/> (one line of YAML) as an annotation.</summary>
    public static string ManifestWithAnnotation(string value) =>
        "apiVersion: reconciler/v1\nkind: Path\nmetadata:\n  name: media\n  annotations:\n    deep: " + value
        + "\nspec: {path: /srv/config/web, owner: 101, group: 101, mode: \"0755\"}\n";

    public static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
