using CsCheck;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>The loader and validator never throw, whatever the input: they return diagnostics.</summary>
public sealed class LoaderFuzzTests
{
    private const string YamlAlphabet = "abc:-[]{}&*!|>'\"#%@`?,\n \t0123456789.~/<";

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        Gen.String[Gen.Char[YamlAlphabet], 0, 200].Sample(text =>
        {
            var (_, diagnostics) = YamlReader.Read("f.yaml", text);
            Assert.All(diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1));
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_repositories_never_throw_and_always_locate_problems_in_a_file()
    {
        var baseline = new TestRepository().Files;
        var mutation = Gen.Select(
            Gen.Int[0, baseline.Count - 1],
            Gen.Int[0, 10_000],
            Gen.Int[0, 5],
            Gen.String[Gen.Char[YamlAlphabet], 0, 6]);

        mutation.Sample((fileIndex, position, deleteCount, insert) =>
        {
            var files = new Dictionary<string, string>(baseline, StringComparer.Ordinal);
            var name = files.Keys.Order(StringComparer.Ordinal).ElementAt(fileIndex);
            var text = files[name];
            var at = position % (text.Length + 1);
            files[name] = text[..at] + insert + text[Math.Min(text.Length, at + deleteCount)..];

            var report = Validator.Validate(new InMemoryRepositoryFiles(files));

            Assert.All(report.Diagnostics, d => Assert.Contains(d.Location.File, files.Keys.Append(".")));
        }, iter: 10000);
    }
}
