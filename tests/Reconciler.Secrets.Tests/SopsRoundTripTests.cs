using System.Security.Cryptography;
using Reconciler.Core.Secrets;
using Reconciler.Secrets.Age;

namespace Reconciler.Secrets.Tests;

public sealed class SopsRoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> PlainFiles => new()
    {
        { "app.env", "DB_USER=app\nDB_PASSWORD=s3cr=t\n# a comment\nMULTI=line1\\nline2\nEMPTY=\n" },
        { "db_password", "correct horse battery staple\n" },
        { "settings.json", "{\n  \"user\": \"app\",\n  \"port\": 5432,\n  \"ratio\": 0.25,\n  \"on\": true,\n  \"none\": null,\n  \"list\": [\"a\", {\"b\": \"c\"}],\n  \"empty\": \"\"\n}\n" },
        { "settings.yaml", "# leading comment\nuser: app\nport: 5432\nratio: 0.25\non: true\nquoted: \"5432\"\nnone: ~\nkey_unencrypted: plain\nlist:\n  - a\n  - b: c\nblock: |\n  line one\n  line two\n" },
    };

    [Theory]
    [MemberData(nameof(PlainFiles))]
    public void What_is_encrypted_decrypts_to_the_same_values(string name, string plain)
    {
        using var identity = AgeIdentity.Generate();
        using var keys = AgeKeys.Parse(identity.Export());
        var encrypted = SopsDocument.Encrypt(name, plain, new SopsCreationRule([identity.Recipient.Text]), keys, Now);

        Assert.True(SopsDocument.IsEncrypted(name, encrypted));
        var decrypted = SopsDocument.Parse(name, encrypted).Decrypt(keys);
        switch (SopsFormats.ForPath(name))
        {
            case SopsFormat.Yaml:
                Assert.Equal(Yaml(plain), Yaml(decrypted));
                Assert.Contains("key_unencrypted: plain", encrypted);
                Assert.DoesNotContain("line one", encrypted);
                break;
            case SopsFormat.Json:
                Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(plain), System.Text.Json.Nodes.JsonNode.Parse(decrypted)));
                break;
            default:
                Assert.Equal(plain, decrypted);
                break;
        }
    }

    [Fact]
    public void Sops_metadata_names_the_recipient_the_time_and_an_encrypted_mac()
    {
        using var identity = AgeIdentity.Generate();
        using var keys = AgeKeys.Parse(identity.Export());
        var document = SopsDocument.Parse("x.yaml", SopsDocument.Encrypt("x.yaml", "a: b\n", new SopsCreationRule([identity.Recipient.Text]), keys, Now));
        Assert.Equal([identity.Recipient.Text], document.Metadata.Age.Select(k => k.Recipient));
        Assert.Equal("2026-11-26T04:00:00Z", document.Metadata.LastModified);
        Assert.StartsWith("ENC[AES256_GCM,", document.Metadata.Mac);
    }

    [Fact]
    public void A_file_that_is_already_encrypted_is_not_encrypted_twice()
    {
        using var keys = Fixtures.SopsTestKeys();
        var error = Assert.Throws<SopsException>(() => SopsDocument.Encrypt("example.yaml", Fixtures.Text("example.yaml"), new SopsCreationRule(keys.Recipients), keys, Now));
        Assert.Equal("the file is already encrypted with sops", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(33)]
    public void Gcm_with_a_twelve_byte_nonce_agrees_with_the_platform(int size)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = RandomNumberGenerator.GetBytes(size);
        var ad = "a:b:"u8.ToArray();
        var (ciphertext, tag) = WideNonceAesGcm.Seal(key, nonce, plain, ad);

        using var platform = new AesGcm(key, 16);
        var expected = new byte[size];
        var expectedTag = new byte[16];
        platform.Encrypt(nonce, plain, expected, expectedTag, ad);
        Assert.Equal(expected, ciphertext);
        Assert.Equal(expectedTag, tag);
        Assert.Equal(plain, WideNonceAesGcm.Open(key, nonce, ciphertext, tag, ad));
        Assert.Null(WideNonceAesGcm.Open(key, nonce, ciphertext, tag, "a:c:"u8.ToArray()));
    }

    [Theory]
    [InlineData("1234.56789", "1234.56789")]
    [InlineData("1e21", "1000000000000000000000")]
    [InlineData("1.5e-7", "0.00000015")]
    [InlineData("-0.25", "-0.25")]
    public void Floats_enter_the_mac_as_go_formats_them(string text, string expected) =>
        Assert.Equal(expected, MacBytes.GoFloat(text));

    private static string Yaml(string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(text));
        var json = new System.Text.StringBuilder();
        Flatten(stream.Documents[0].RootNode, string.Empty, json);
        return json.ToString();
    }

    private static void Flatten(YamlDotNet.RepresentationModel.YamlNode node, string path, System.Text.StringBuilder into)
    {
        switch (node)
        {
            case YamlDotNet.RepresentationModel.YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    Flatten(value, $"{path}/{key}", into);
                }

                break;
            case YamlDotNet.RepresentationModel.YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Flatten(list.Children[i], $"{path}/{i}", into);
                }

                break;
            case YamlDotNet.RepresentationModel.YamlScalarNode scalar:
                into.Append(path).Append('=').Append(scalar.Value is "~" or "null" ? string.Empty : scalar.Value).Append('\n');
                break;
        }
    }
}
