namespace Reconciler.Cli.Tests;

/// <summary>`reconciler secrets`, with the sops repository's public test keys (tests/Reconciler.Secrets.Tests/sops-fixtures).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsCommandTests : IDisposable
{
    private const string Recipient = "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("reconciler-secrets-");

    public SecretsCommandTests()
    {
        File.WriteAllText(Path.Combine(folder.FullName, ".sops.yaml"), $"creation_rules:\n  - path_regex: \\.env$\n    age: {Recipient}\n");
        Key = PrivateCopy("keys.txt");
    }

    private string Key { get; }

    [Fact]
    public void Encrypt_then_decrypt_gives_the_file_back()
    {
        var file = Write("app.env", "DB_PASSWORD=hunter2\n");
        var encrypted = CliRun.Of("secrets", "encrypt", file);
        Assert.Equal((0, $"encrypted app.env for {Recipient}\n"), (encrypted.ExitCode, encrypted.Output));
        Assert.DoesNotContain("hunter2", File.ReadAllText(file));
        Assert.Contains("sops_mac=ENC[AES256_GCM,", File.ReadAllText(file));

        var decrypted = CliRun.Of("secrets", "decrypt", file, "--age-key", Key);
        Assert.Equal((0, "DB_PASSWORD=hunter2\n"), (decrypted.ExitCode, decrypted.Output));
    }

    [Fact]
    public void A_key_that_is_not_a_recipient_is_one_line_naming_both()
    {
        var file = Encrypted("app.env", "A=b\n");
        var run = CliRun.Of("secrets", "decrypt", file, "--age-key", PrivateCopy("data-key-identity.txt"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"reconciler: error: app.env: the age key (age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun) is not a recipient of the file; it is encrypted for {Recipient}\n", run.Error);
    }

    [Fact]
    public void A_tampered_file_fails_its_mac()
    {
        var file = Encrypted("app.env", "A=b\nNOTE_unencrypted=left in clear text\n");
        File.WriteAllText(file, File.ReadAllText(file).Replace("left in clear text", "changed in clear text", StringComparison.Ordinal));
        var run = CliRun.Of("secrets", "decrypt", file, "--age-key", Key);
        Assert.Equal((1, string.Empty), (run.ExitCode, run.Output));
        Assert.StartsWith("reconciler: error: app.env: the MAC does not match", run.Error);

        File.AppendAllText(file, "B=added by hand\n");
        Assert.Equal("reconciler: error: app.env: the value at 'B' is not encrypted (not ENC[AES256_GCM,…]), so the file was changed by hand\n",
            CliRun.Of("secrets", "decrypt", file, "--age-key", Key).Error);
    }

    [Fact]
    public void A_plain_file_is_not_a_sops_file()
    {
        var run = CliRun.Of("secrets", "decrypt", Write("plain.env", "A=b\n"), "--age-key", Key);
        Assert.Equal("reconciler: error: plain.env: the file is not encrypted with sops (it has no sops metadata)\n", run.Error);
    }

    [Fact]
    public void A_file_no_creation_rule_matches_is_not_encrypted()
    {
        var file = Write("other.yaml", "a: b\n");
        var run = CliRun.Of("secrets", "encrypt", file);
        Assert.Equal("reconciler: error: other.yaml: no creation rule of .sops.yaml matches 'other.yaml'\n", run.Error);
        Assert.Equal("a: b\n", File.ReadAllText(file));
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        var file = Encrypted("app.env", "A=b\n");
        File.SetUnixFileMode(Key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var run = CliRun.Of("secrets", "decrypt", file, "--age-key", Key);
        Assert.Equal($"reconciler: error: app.env: age key file '{Key}' can be read or written by others (mode 640); chmod 600 it\n", run.Error);
    }

    [Fact]
    public void Edit_encrypts_what_the_editor_saved_and_leaves_no_plaintext_behind()
    {
        var file = Encrypted("app.env", "DB_PASSWORD=old\n");
        var shmBefore = PlaintextFolders();
        var editor = Environment.GetEnvironmentVariable("EDITOR");
        try
        {
            Environment.SetEnvironmentVariable("EDITOR", "sed -i s/old/new/");
            var run = CliRun.Of("secrets", "edit", file, "--age-key", Key);
            Assert.Equal((0, $"encrypted app.env for {Recipient}\n"), (run.ExitCode, run.Output));
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDITOR", editor);
        }

        Assert.Equal("DB_PASSWORD=new\n", CliRun.Of("secrets", "decrypt", file, "--age-key", Key).Output);
        Assert.Equal(shmBefore, PlaintextFolders());
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static string[] PlaintextFolders() =>
        Directory.Exists("/dev/shm") ? Directory.GetDirectories("/dev/shm", "reconciler-edit-*") : [];

    private string Encrypted(string name, string text)
    {
        var file = Write(name, text);
        Assert.Equal(0, CliRun.Of("secrets", "encrypt", file).ExitCode);
        return file;
    }

    private string Write(string name, string text)
    {
        var file = Path.Combine(folder.FullName, name);
        File.WriteAllText(file, text);
        return file;
    }

    private string PrivateCopy(string fixture)
    {
        var file = Path.Combine(folder.FullName, fixture + ".key");
        File.Copy(RepositoryRoot.Combine("tests", "Reconciler.Secrets.Tests", "sops-fixtures", fixture), file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }
}
