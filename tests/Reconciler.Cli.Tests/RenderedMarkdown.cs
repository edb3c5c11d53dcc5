using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Reconciler.Cli.Tests;

/// <summary>
/// Markdown as a pull-request comment shows it: rendered by a real CommonMark/GFM renderer
/// (markdown-it, under markdown/, installed by scripts/test.sh with `npm ci`), through node.
/// Missing node or package is a failure, never a skip: these tests guard the comment.
/// </summary>
internal sealed partial record RenderedMarkdown(string Html)
{
    private static readonly string Folder = RepositoryRoot.Combine("tests", "Reconciler.Cli.Tests", "markdown");

    /// <summary>What a reader sees: the HTML's text, tags dropped and entities decoded.</summary>
    public string Text => WebUtility.HtmlDecode(Tag().Replace(Html, " "));

    public static RenderedMarkdown Of(string markdown)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "markdown-it")),
            $"markdown-it is not installed: run `npm ci --prefix {Folder}` (scripts/test.sh does)");
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, "render.mjs")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        node.StandardInput.Write(markdown);
        node.StandardInput.Close();
        var html = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, "node render.mjs failed: " + error);
        return new RenderedMarkdown(html.Result);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
