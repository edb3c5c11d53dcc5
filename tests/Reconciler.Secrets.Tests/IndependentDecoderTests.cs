using System.Diagnostics;
using System.Text.Json.Nodes;
using Reconciler.Core.Secrets;
using Reconciler.Secrets.Age;

namespace Reconciler.Secrets.Tests;

/// <summary>
/// What reconciler encrypts, sops-age (npm; its own age, AES-GCM and stores) decrypts to the
/// same values. sops-age is installed by scripts/test.sh with `npm ci`; missing node or the
/// package is a failure, never a skip. (sops-age does not check the MAC; the sops fixtures
/// prove the MAC the other way.)
/// </summary>
public sealed class IndependentDecoderTests
{
    private static readonly string Folder = Path.Combine(SourceRoot(), "tests", "Reconciler.Secrets.Tests", "sops-age");

    [Theory]
    [InlineData("app.env", "env", "DB_USER=app\nDB_PASSWORD=s3cr=t pa$$\n# comment\n", "{\"DB_USER\":\"app\",\"DB_PASSWORD\":\"s3cr=t pa$$\"}")]
    [InlineData("settings.yaml", "yaml", "user: app\nport: 5432\nratio: 0.25\non: true\nlist:\n  - a\n  - b: c\nkey_unencrypted: plain\n", "{\"user\":\"app\",\"port\":5432,\"ratio\":0.25,\"on\":true,\"list\":[\"a\",{\"b\":\"c\"}],\"key_unencrypted\":\"plain\"}")]
    [InlineData("settings.json", "json", "{\"user\": \"app\", \"nested\": {\"port\": 5432, \"flag\": false}}", "{\"user\":\"app\",\"nested\":{\"port\":5432,\"flag\":false}}")]
    [InlineData("db_password", "json", "correct horse battery staple\n", "{\"data\":\"correct horse battery staple\\n\"}")]
    public void Sops_age_decrypts_what_reconciler_encrypts(string name, string type, string plain, string expected)
    {
        using var identity = AgeIdentity.Generate();
        using var keys = AgeKeys.Parse(identity.Export());
        var encrypted = SopsDocument.Encrypt(name, plain, new SopsCreationRule([identity.Recipient.Text]), keys, DateTimeOffset.UtcNow);

        var decrypted = Decrypt(encrypted, type, identity.Export());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(decrypted)), decrypted);
    }

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Reconciler.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the source tree (Reconciler.sln) is not above the test binaries");
    }

    private static string Decrypt(string encrypted, string type, string identity)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "sops-age")),
            $"sops-age is not installed: run `npm ci --prefix {Folder}` (scripts/test.sh installs it in the source tree)");
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, encrypted);
            var start = new ProcessStartInfo("node", [Path.Combine(Folder, "decrypt.mjs"), file, type])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["SOPS_AGE_KEY"] = identity },
            };
            using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, "sops-age failed: " + error);
            return output.Result;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
