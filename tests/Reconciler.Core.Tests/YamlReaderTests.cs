using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Tests;

public sealed class YamlReaderTests
{
    [Fact]
    public void Positions_are_one_based_lines_and_columns_of_keys_and_values()
    {
        var (documents, diagnostics) = YamlReader.Read("f.yaml", "a:\n  bb: 1\n  list:\n    - x\n");

        Assert.Empty(diagnostics);
        var document = Assert.Single(documents);
        Assert.Equal(new SourceLocation("f.yaml", 2, 7), document.Locate("/a/bb"));
        Assert.Equal(new SourceLocation("f.yaml", 2, 3), document.LocateKey("/a/bb"));
        Assert.Equal(new SourceLocation("f.yaml", 4, 7), document.Locate("/a/list/0"));
        Assert.Equal(new SourceLocation("f.yaml", 2, 3), document.Locate("/a/missing"));
    }

    [Fact]
    public void Plain_scalars_follow_the_yaml_1_2_core_schema()
    {
        var root = YamlReader.Read("f.yaml", "a: yes\nb: 0750\nc: \"0750\"\nd: true\ne: ~\nf: 1.5\ng: !!str 12\n").Documents[0].Root!;

        Assert.Equal("yes", root["a"]!.GetValue<string>());
        Assert.Equal(750, root["b"]!.GetValue<long>());
        Assert.Equal("0750", root["c"]!.GetValue<string>());
        Assert.True(root["d"]!.GetValue<bool>());
        Assert.Null(root["e"]);
        Assert.Equal(1.5, root["f"]!.GetValue<double>());
        Assert.Equal("12", root["g"]!.GetValue<string>());
    }

    [Fact]
    public void Several_documents_share_a_file()
    {
        Assert.Equal(2, YamlReader.Read("f.yaml", "a: 1\n---\nb: 2\n").Documents.Count);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_expand_with_explicit_keys_winning()
    {
        var root = YamlReader.Read("f.yaml", "x: &base {image: a, replicas: 1}\ny:\n  <<: *base\n  replicas: 3\n").Documents[0].Root!;

        Assert.Equal("a", root["y"]!["image"]!.GetValue<string>());
        Assert.Equal(3, root["y"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void An_alias_bomb_is_refused_with_a_diagnostic()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join('\n', Enumerable.Range(1, 8).Select(i =>
            $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i - 1), 10))}]"));

        var (documents, diagnostics) = YamlReader.Read("bomb.yaml", bomb);

        Assert.Empty(documents);
        Assert.Equal(Rules.DocumentTooLarge.Code, Assert.Single(diagnostics).Code);
    }

    [Theory]
    [InlineData("a: [1, 2\nb: x\n")]
    [InlineData("a: b: c\n")]
    [InlineData("{a: [}")]
    [InlineData("- *missing\n")]
    [InlineData("a:\n\t- b\n")]
    [InlineData("spec: {node: atlas, keep: \"4x15m")]
    [InlineData("a: !@> b\n")]
    [InlineData("!!]\n5.}~#\"<<->7]{6@%\t1~###./> !@>\":9~603&326?&c4\n<ac@\nc*],,")]
    public void Malformed_yaml_becomes_a_syntax_diagnostic(string text)
    {
        var (_, diagnostics) = YamlReader.Read("f.yaml", text);

        Assert.Contains(diagnostics, d => d.Code == Rules.YamlSyntax.Code && d.Location.Line >= 1 && d.Location.Column >= 1);
    }

    [Fact]
    public void Non_scalar_keys_are_reported()
    {
        var (documents, diagnostics) = YamlReader.Read("f.yaml", "? [a]\n: b\nc: d\n");

        Assert.Equal(Rules.WrongType.Code, Assert.Single(diagnostics).Code);
        Assert.Equal("d", Assert.IsType<JsonObject>(documents[0].Root)["c"]!.GetValue<string>());
    }
}
