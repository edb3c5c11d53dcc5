using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Tests;

/// <summary>Whatever a file holds, reading it ends with documents or diagnostics: never a crash, never exhaustion.</summary>
public sealed class ReadingBudgetTests
{
    public static TheoryData<string, string> DeepFiles() => new()
    {
        { "30,000 nested [", DosSeeds.NestedFlowSequences(30_000) },
        { "30,000 nested [ never closed", "a: " + new string('[', 30_000) },
        { "30,000 nested {", DosSeeds.NestedFlowMappings(30_000) },
        { "1,000 nested block mappings", DosSeeds.NestedBlockMappings(1_000) },
    };

    [Theory]
    [MemberData(nameof(DeepFiles))]
    public void Nesting_past_the_depth_budget_is_a_diagnostic(string name, string text)
    {
        var (documents, diagnostics) = YamlReader.Read("deep.yaml", text);

        Assert.Empty(documents);
        var diagnostic = Assert.Single(diagnostics);
        Assert.True(diagnostic.Code == Rules.NestedTooDeeply.Code, $"{name}: {diagnostic}");
        Assert.Contains($"more than {RepositoryBudgets.MaxYamlDepth} levels", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_budget_is_read()
    {
        var (documents, diagnostics) = YamlReader.Read("deep.yaml", DosSeeds.NestedFlowSequences(RepositoryBudgets.MaxYamlDepth));

        Assert.Empty(diagnostics);
        Assert.Single(documents);
    }

    [Fact]
    public void Aliases_count_at_their_expanded_depth()
    {
        // Each level nests the previous anchor 30 deeper: no collection is written 48 deep, the expansion is.
        var text = "a: &a " + DosSeeds.NestedFlowSequences(30)[3..] + "b: &b " + new string('[', 30) + "*a" + new string(']', 30) + "\n";

        var diagnostic = Assert.Single(YamlReader.Read("f.yaml", text).Diagnostics);

        Assert.Equal(Rules.NestedTooDeeply.Code, diagnostic.Code);
        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void A_manifest_deeper_than_json_allows_is_a_diagnostic_not_an_exception()
    {
        var report = new TestRepository().With("deep.yaml", DosSeeds.ManifestWithAnnotation(DosSeeds.NestedFlowSequences(70)[3..].Trim())).Validate();

        var diagnostic = Assert.Single(report.Diagnostics);
        Assert.Equal(Rules.NestedTooDeeply.Code, diagnostic.Code);
        Assert.Equal("deep.yaml", diagnostic.Location.File);
    }

    [Fact]
    public void Alias_expansion_is_counted_across_all_documents_of_a_file()
    {
        var (documents, diagnostics) = YamlReader.Read("bomb.yaml", DosSeeds.AliasDocuments(400));

        Assert.Single(documents); // the second document crosses the budget; nothing after it is read
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Rules.DocumentTooLarge.Code, diagnostic.Code);
        Assert.Equal(6, diagnostic.Location.Line); // the "---" that starts the second document
    }

    [Fact]
    public void A_file_over_the_size_budget_is_refused_and_the_rest_is_still_validated()
    {
        var big = TestRepository.Path + "\n" + DosSeeds.Repeat("# padding\n", (int)(RepositoryBudgets.MaxFileBytes / 10) + 1);
        var report = new TestRepository().With("big.yaml", big).With("other.yaml", "a: [").Validate();

        Assert.Equal(
            [(Rules.YamlSyntax.Code, "other.yaml"), (Rules.FileTooLarge.Code, "big.yaml")],
            report.Diagnostics.Select(d => (d.Code, d.Location.File)).OrderBy(d => d.Code, StringComparer.Ordinal));
    }

    [Fact]
    public void Reading_past_the_repository_budget_is_refused()
    {
        var repository = new TestRepository();
        var half = DosSeeds.Repeat("# padding\n", (int)(RepositoryBudgets.MaxFileBytes / 10) - 100);
        var files = (int)(RepositoryBudgets.MaxRepositoryBytes / half.Length) + 1;
        for (var i = 0; i < files; i++)
        {
            repository.With($"zz/{i:D2}.yaml", half); // read after the manifests
        }

        var report = repository.Validate();

        var diagnostic = Assert.Single(report.Diagnostics);
        Assert.Equal(Rules.RepositoryTooLarge.Code, diagnostic.Code);
        Assert.StartsWith("zz/", diagnostic.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compose_file_over_the_size_budget_is_reported_once_not_as_missing()
    {
        var report = new TestRepository().With("app/compose.yaml", TestRepository.Compose + DosSeeds.Repeat("#\n", (int)RepositoryBudgets.MaxFileBytes)).Validate();

        Assert.Contains(report.Diagnostics, d => d.Code == Rules.FileTooLarge.Code && d.Location.File == "app/compose.yaml");
        Assert.DoesNotContain(report.Diagnostics, d => d.Code == Rules.ComposeMissing.Code);
    }

    [Theory]
    [InlineData("${")]
    [InlineData("$${")]
    [InlineData("$$$")]
    [InlineData("${$")]
    public void A_megabyte_of_unclosed_interpolation_is_left_as_written(string unit)
    {
        var text = DosSeeds.Repeat(unit, 2 * 1024 * 1024 / unit.Length);
        var unset = new List<Interpolation.Unset>();

        var result = Interpolation.Substitute(text, "/x", new Dictionary<string, string>(), unset);

        // "$$" is a literal "$"; a "$" that starts nothing stays as it is.
        Assert.Equal(Reference(text), result);
        Assert.Empty(unset);
    }

    [Fact]
    public void Unclosed_interpolation_before_a_late_brace_closes_there_as_compose_does()
    {
        var text = DosSeeds.Repeat("${", 100_000) + "}";
        var unset = new List<Interpolation.Unset>();

        Assert.Equal(string.Empty, Interpolation.Substitute(text, "/x", new Dictionary<string, string>(), unset));
        Assert.Single(unset);
    }

    /// <summary>What compose makes of text with no variable and no closing brace, written the obvious way.</summary>
    private static string Reference(string text) => text.Replace("$$", "\u0000", StringComparison.Ordinal).Replace("\u0000", "$", StringComparison.Ordinal);
}
