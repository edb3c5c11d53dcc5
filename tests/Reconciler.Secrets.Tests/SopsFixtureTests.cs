using Reconciler.Core.Secrets;

namespace Reconciler.Secrets.Tests;

/// <summary>Files the real sops wrote, decrypted here: the MAC sops computed over the plaintext must match ours.</summary>
public sealed class SopsFixtureTests
{
    [Fact]
    public void The_yaml_example_decrypts_and_its_mac_verifies()
    {
        using var keys = Fixtures.SopsTestKeys();
        var plain = SopsDocument.Parse("example.yaml", Fixtures.Text("example.yaml")).Decrypt(keys);

        // The plaintext is what a YAML reader sees: encrypted values typed again, plain ones as they were.
        var tree = new YamlDotNet.RepresentationModel.YamlStream();
        tree.Load(new StringReader(plain));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)tree.Documents[0].RootNode;
        Assert.Equal(["myapp1", "app2", "number", "an_array", "somebooleans", "this", "somelist_unencrypted", "nested_unencrypted"], root.Children.Keys.Select(k => k.ToString()));
        Assert.True(double.TryParse(root["number"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(["true", "false"], ((YamlDotNet.RepresentationModel.YamlSequenceNode)root["somebooleans"]).Children.Select(c => c.ToString()));
        Assert.Contains("remain in clear text", plain);
        Assert.Contains("# private key for secret operations in app2\n", plain); // an encrypted comment, as sops's README shows it
        Assert.DoesNotContain("ENC[", plain);
    }

    [Theory]
    [InlineData("example.json")]
    [InlineData("example.txt")]
    public void The_json_and_binary_examples_decrypt_and_their_macs_verify(string name)
    {
        using var keys = Fixtures.SopsTestKeys();
        var document = SopsDocument.Parse(name, Fixtures.Text(name));
        var plain = document.Decrypt(keys);
        Assert.DoesNotContain("ENC[", plain);
        Assert.Equal(name.EndsWith(".txt", StringComparison.Ordinal) ? SopsFormat.Binary : SopsFormat.Json, document.Format);
    }

    [Fact]
    public void Either_recipient_alone_opens_the_file()
    {
        foreach (var line in Fixtures.Text("keys.txt").Split('\n').Where(l => l.StartsWith("AGE-SECRET-KEY-", StringComparison.Ordinal)))
        {
            using var keys = AgeKeys.Parse(line);
            Assert.DoesNotContain("ENC[", SopsDocument.Parse("example.json", Fixtures.Text("example.json")).Decrypt(keys));
        }
    }

    [Fact]
    public void A_plain_value_changed_by_hand_fails_the_mac()
    {
        using var keys = Fixtures.SopsTestKeys();
        var document = Fixtures.Edited("example.yaml", "remain in clear text", "remain in clear text, or do they");
        var error = Assert.Throws<SopsException>(() => document.Decrypt(keys));
        Assert.StartsWith("the MAC does not match", error.Message);
    }

    [Fact]
    public void An_encrypted_value_moved_to_another_key_does_not_verify()
    {
        using var keys = Fixtures.SopsTestKeys();
        var text = Fixtures.Text("example.json");
        var first = Value(text, "\"firstName\": ");
        var last = Value(text, "\"lastName\": ");
        var swapped = text.Replace(first, "@FIRST@", StringComparison.Ordinal).Replace(last, first, StringComparison.Ordinal).Replace("@FIRST@", last, StringComparison.Ordinal);
        var error = Assert.Throws<SopsException>(() => SopsDocument.Parse("example.json", swapped).Decrypt(keys));
        Assert.Equal("the value at 'firstName' does not verify: it was altered, moved to another key, or encrypted with another data key", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_a_recipient_is_named_with_the_recipients()
    {
        using var keys = AgeKeys.Parse(Fixtures.Text("data-key-identity.txt"));
        var error = Assert.Throws<SopsException>(() => SopsDocument.Parse("example.yaml", Fixtures.Text("example.yaml")).Decrypt(keys));
        Assert.Equal(
            "the age key (age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun) is not a recipient of the file; it is encrypted for age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw, age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep",
            error.Message);
    }

    [Fact]
    public void A_plain_file_is_not_a_sops_file()
    {
        Assert.Null(SopsDocument.TryParse("config.yaml", "a: 1\nsops_ish: true\n"));
        Assert.Null(SopsDocument.TryParse("secret.txt", "hunter2\n"));
        Assert.True(SopsDocument.IsEncrypted("example.txt", Fixtures.Text("example.txt")));
    }

    private static string Value(string text, string key)
    {
        var start = text.IndexOf(key, StringComparison.Ordinal) + key.Length;
        return text[start..(text.IndexOf(',', text.IndexOf("type:", start, StringComparison.Ordinal)) + 0)];
    }
}
