using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>
/// The schemas editors use and the validator's own format rules must agree: a value the
/// validator accepts is never flagged by an editor, and the umbrella schema accepts every
/// manifest the validator accepts.
/// </summary>
public sealed class SchemaAgreementTests
{
    private static string Pattern(string definition) =>
        JsonNode.Parse(File.ReadAllText(SchemaFile("common")))!["$defs"]![definition]!["pattern"]!.GetValue<string>();

    private static string SchemaFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas", name + ".schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("1h30m")]
    [InlineData("90s")]
    [InlineData("2w")]
    [InlineData("15min")]
    [InlineData("1.5h")]
    [InlineData("")]
    public void Duration_rule_and_schema_agree(string value) =>
        Assert.True(!Duration.TryParse(value, out _) || Regex.IsMatch(value, Pattern("duration")));

    [Theory]
    [InlineData("0750")]
    [InlineData("755")]
    [InlineData("1777")]
    [InlineData("0799")]
    [InlineData("75")]
    [InlineData("07550")]
    public void Mode_rule_and_schema_agree(string value) =>
        Assert.Equal(OctalMode.IsValid(value), Regex.IsMatch(value, Pattern("mode")));

    [Theory]
    [InlineData("4x15m, 24x1h, 7x1d")]
    [InlineData("24x1h")]
    [InlineData("4x15m;24x1h")]
    [InlineData("x1h")]
    public void Retention_rule_and_schema_agree(string value) =>
        Assert.Equal(RetentionGrid.TryParse(value, out _, out _), Regex.IsMatch(value, Pattern("retention")));

    [Theory]
    [InlineData("/srv/a")]
    [InlineData("/srv/../etc")]
    [InlineData("srv")]
    [InlineData("/")]
    public void Path_rule_is_at_least_as_strict_as_the_schema(string value) =>
        Assert.True(HostPath.Problem(value) is not null || Regex.IsMatch(value, Pattern("absolutePath")));

    [Fact]
    public void The_embedded_schemas_are_the_files_in_schemas_folder()
    {
        foreach (var kind in ManifestSchemas.Kinds)
        {
            Assert.NotNull(ManifestSchemas.ForKind(kind));
            Assert.True(File.Exists(SchemaFile(kind.ToLowerInvariant())));
        }
    }

    [Fact]
    public void The_umbrella_schema_accepts_every_valid_manifest_and_rejects_broken_ones()
    {
        var repo = new TestRepository();
        var documents = repo.Files.Where(f => !f.Key.EndsWith("compose.yaml", StringComparison.Ordinal))
            .SelectMany(f => YamlReader.Read(f.Key, f.Value).Documents).ToList();
        var umbrella = ManifestSchemas.Get("manifest");

        Assert.Equal(4, documents.Count);
        Assert.All(documents, d => Assert.True(umbrella.Evaluate(JsonSerializer.SerializeToElement(d.Root)).IsValid, d.File));

        var broken = YamlReader.Read("x.yaml", TestRepository.Path.Replace("owner: 101", "ownr: 101", StringComparison.Ordinal)).Documents[0];
        Assert.False(umbrella.Evaluate(JsonSerializer.SerializeToElement(broken.Root)).IsValid);
    }
}
