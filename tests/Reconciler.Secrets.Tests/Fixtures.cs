using Reconciler.Core.Secrets;

namespace Reconciler.Secrets.Tests;

/// <summary>The files fetched from the sops repository (see sops-fixtures/README.md).</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "sops-fixtures", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static AgeKeys SopsTestKeys() => AgeKeys.Parse(Text("keys.txt"));

    /// <summary>The parsed fixture with one value of its text replaced.</summary>
    public static SopsDocument Edited(string name, string from, string to)
    {
        var text = Text(name);
        Assert.Contains(from, text);
        return SopsDocument.Parse(name, text.Replace(from, to, StringComparison.Ordinal));
    }
}
