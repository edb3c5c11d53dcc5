namespace Reconciler.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Sample_repo_is_valid_and_exits_zero()
    {
        var run = CliRun.Of("validate", RepositoryRoot.Combine("sample-repo"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("valid: no problems found\n", run.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Missing_directory_is_a_clear_error_not_a_stack_trace()
    {
        var run = CliRun.Of("validate", "/nonexistent/repo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'/nonexistent/repo' is not a directory", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_is_one_parsable_document()
    {
        var run = CliRun.Of("validate", "--format", "json", RepositoryRoot.Combine("sample-repo"));

        using var document = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.True(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, document.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void Help_explains_the_command_and_its_exit_codes()
    {
        var run = CliRun.Of("validate", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit code 0 when valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("--format", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void List_rules_prints_every_rule_code()
    {
        var run = CliRun.Of("validate", "--list-rules");

        Assert.All(Core.Diagnostics.Rules.All, rule => Assert.Contains(rule.Code, run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_option_fails_with_a_usage_error()
    {
        var run = CliRun.Of("validate", RepositoryRoot.Combine("sample-repo"), "--frmat", "json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'--frmat'", run.Error, StringComparison.Ordinal);
    }
}
