namespace Reconciler.Cli.Tests;

/// <summary>
/// A pull request writes the repository, so nothing it writes may rewrite the comment or the CI
/// log that reviews it: keys and values are escaped for markdown, HTML and workflow commands,
/// and checked the way a reader sees them (a real CommonMark/GFM renderer).
/// </summary>
public sealed class PullRequestCommentTests : SampleRepositoryHistory
{
    // A label key that ends the table row and opens an HTML comment, plus table and code-span breakers.
    private const string Labels = """
              labels:
                "a\n<!--": "hidden"
                "b|c`d": "e"

        """;

    [Fact]
    public void A_label_key_cannot_hide_an_image_change_from_the_rendered_comment()
    {
        Edit("deploy/stacks/vaultwarden/compose.yaml", "    image: vaultwarden/server:${VAULTWARDEN_VERSION}", "    image: registry.attacker.example/vaultwarden/server:${VAULTWARDEN_VERSION}");
        Edit("deploy/stacks/vaultwarden/compose.yaml", "    deploy:\n", "    deploy:\n" + Labels);
        Commit("an image from another registry, behind a comment");

        var run = Diff(1, "markdown");
        Assert.True(run.ExitCode == 2, run.Error + run.Output);

        var comment = RenderedMarkdown.Of(run.Output);
        Assert.Contains("registry.attacker.example/vaultwarden/server", comment.Text, StringComparison.Ordinal);
        Assert.Contains("Labels.a\\n<!--", comment.Text, StringComparison.Ordinal);
        Assert.Contains("Labels.b|c`d", comment.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--", comment.Html, StringComparison.Ordinal);
        Assert.Single(Rows(comment.Html)); // the service's row was not split or swallowed
    }

    [Fact]
    public void The_text_diff_keeps_every_repository_string_on_its_line()
    {
        Edit("deploy/stacks/vaultwarden/compose.yaml", "    deploy:\n", "    deploy:\n" + """
                  labels:
                    "x\n::error file=a.yaml,line=1::forged": "y"
                    "##[warning]z": "w"

            """);
        Commit("labels that read as workflow commands");

        var run = Diff(1);

        AssertChanges(run, "::error file=a.yaml,line=1::forged");
        Assert.DoesNotContain("##[", run.Output, StringComparison.Ordinal);
        Assert.All(Lines(run.Output), line => Assert.False(line.TrimStart().StartsWith("::", StringComparison.Ordinal), line));
    }

    [Fact]
    public void Diagnostics_of_an_invalid_head_cannot_emit_workflow_commands()
    {
        Edit("deploy/cluster/cluster.yaml", "        tier: stateless", "        \"x\\n::error file=a.yaml::forged\": bad\n        \"##[error]y\": bad");
        Commit("invalid label keys");

        var run = Diff(1);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("RC208", run.Error, StringComparison.Ordinal);
        Assert.Contains("::error file=a.yaml::forged", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("##[", run.Error, StringComparison.Ordinal);
        Assert.All(Lines(run.Error), line => Assert.False(line.TrimStart().StartsWith("::", StringComparison.Ordinal), line));
    }

    [Fact]
    public void Github_annotations_carry_repository_text_as_data_only()
    {
        Edit("deploy/cluster/cluster.yaml", "        tier: stateless", "        \"x\\n::error file=a.yaml::forged\": bad");
        Commit("an invalid label key");

        var run = CliRun.Of("validate", "--format", "github", Deploy);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Output));
        Assert.StartsWith("::error file=cluster/cluster.yaml,line=", line, StringComparison.Ordinal);
        Assert.Contains("x%0A::error file=a.yaml::forged", line, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Rows(string html) =>
        html.Split("<tr>", StringSplitOptions.None).Skip(2); // the text before the table, then the header row
}
