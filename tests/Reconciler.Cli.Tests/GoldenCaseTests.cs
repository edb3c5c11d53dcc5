namespace Reconciler.Cli.Tests;

/// <summary>
/// The golden corpus: each directory under cases/ holds a small repository (repo/) that breaks
/// one rule, and expected.txt, the exact output of `reconciler validate` on it followed by the
/// exit code. Run with UPDATE_GOLDEN=1 to rewrite expected.txt after an intended change, then
/// review the diff.
/// </summary>
public sealed class GoldenCaseTests
{
    private static readonly string Cases = RepositoryRoot.Combine("tests", "Reconciler.Cli.Tests", "cases");

    public static TheoryData<string> CaseNames() =>
        new(Directory.GetDirectories(Cases).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_output_matches_the_golden_file(string name)
    {
        var directory = Path.Combine(Cases, name);
        var run = CliRun.Of("validate", Path.Combine(directory, "repo"));
        var actual = run.Output + $"exit {run.ExitCode}\n";
        var expectedFile = Path.Combine(directory, "expected.txt");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedFile, actual);
        }

        Assert.True(File.Exists(expectedFile), $"{expectedFile} is missing; run the tests with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedFile), actual);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Every_error_rule_has_a_golden_case()
    {
        var covered = Directory.GetFiles(Cases, "expected.txt", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @": (error|warning) (RC\d+):"))
            .Where(m => m.Success)
            .Select(m => m.Groups[2].Value)
            .ToHashSet();
        var missing = Core.Diagnostics.Rules.All.Select(r => r.Code).Where(code => !covered.Contains(code)).ToList();
        Assert.True(missing.Count == 0, "rules without a golden case: " + string.Join(", ", missing));
    }
}
