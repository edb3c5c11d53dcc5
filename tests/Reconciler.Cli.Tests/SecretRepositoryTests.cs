using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Core.Validation;
using Reconciler.Secrets;
using Reconciler.Swarm.Resources;

namespace Reconciler.Cli.Tests;

/// <summary>
/// A repository whose compose secret and env_file are SOPS files (for the sops repository's
/// public test key): validate and review work without the key, deploying reads the verified
/// plaintext, and a wrong key or a tampered file is an error naming the file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretRepositoryTests : IDisposable
{
    private const string Recipient = "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw";
    private readonly DirectoryInfo repository = Directory.CreateTempSubdirectory("reconciler-sops-repo-");
    private readonly AgeKeys keys = AgeKeys.Parse(File.ReadAllText(Fixture("keys.txt")));

    public SecretRepositoryTests()
    {
        Write("cluster.yaml", "apiVersion: reconciler/v1\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  nodes:\n    - {name: atlas, role: manager}\n  policy:\n    secrets: {encrypted: required}\n");
        Write("app/stack.yaml", "apiVersion: reconciler/v1\nkind: Stack\nmetadata:\n  name: app\nspec:\n  compose: compose.yaml\n");
        Write("app/compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    env_file: app.env\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: db_password\n");
        Write("app/db_password", Encrypt("db_password", "correct horse battery staple\n"));
        Write("app/app.env", Encrypt("app.env", "API_TOKEN=s3cr3t-t0ken\n"));
    }

    [Fact]
    public void Validate_without_a_key_is_clean()
    {
        var run = CliRun.Of("validate", repository.FullName);
        Assert.Equal((0, "valid: no problems found\n"), (run.ExitCode, run.Output));
    }

    [Fact]
    public void Deploying_reads_the_verified_plaintext_and_hides_env_values_from_plans()
    {
        var files = new SecretRepositoryFiles(new DirectoryRepositoryFiles(repository.FullName), keys, SecretAccess.Plaintext);
        var report = Validator.Validate(files);
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));

        var desired = DesiredSwarm.From(report.State, files);
        var secret = Assert.Single(desired.Resources, r => r.Key.Kind == SwarmKinds.Secret);
        Assert.Equal("correct horse battery staple\n", System.Text.Encoding.UTF8.GetString(Assert.IsType<SwarmPayload.Secret>(secret.Payload).Spec.Data!));
        var service = Assert.Single(desired.Resources, r => r.Key.Kind == SwarmKinds.Service);
        Assert.Contains("API_TOKEN=s3cr3t-t0ken", Assert.IsType<SwarmPayload.Service>(service.Payload).Spec.TaskTemplate!.ContainerSpec!.Env!);
        Assert.True(service.Sensitive);
    }

    [Fact]
    public void Without_the_key_a_secret_is_named_by_its_ciphertext_so_a_reencrypted_file_shows_as_changed()
    {
        var before = SecretName();
        Write("app/db_password", Encrypt("db_password", "correct horse battery staple\n"));
        Assert.NotEqual(before, SecretName());
        Assert.Equal(SecretName(), SecretName());
    }

    [Fact]
    public void A_wrong_key_is_an_error_naming_the_file_and_the_recipients()
    {
        var key = PrivateCopy("data-key-identity.txt");
        var run = CliRun.Of("validate", repository.FullName, "--age-key", key);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"app/compose.yaml:8:11: error RC440: secret 'db_password': file 'app/db_password' cannot be used: the age key (age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun) is not a recipient of the file; it is encrypted for {Recipient}", run.Output);
        Assert.Contains("error RC440: env_file of service 'web': file 'app/app.env' cannot be used", run.Output);
    }

    [Fact]
    public void A_tampered_file_is_an_error_naming_the_file()
    {
        var file = Path.Combine(repository.FullName, "app", "db_password");
        var text = File.ReadAllText(file);
        var data = text.IndexOf("data:", StringComparison.Ordinal) + 5;
        File.WriteAllText(file, text[..data] + (text[data] == 'A' ? 'B' : 'A') + text[(data + 1)..]);
        var run = CliRun.Of("validate", repository.FullName, "--age-key", PrivateCopy("keys.txt"));
        Assert.Contains("error RC440: secret 'db_password': file 'app/db_password' cannot be used: the value at 'data' does not verify", run.Output);
    }

    [Fact]
    public void Deploying_without_a_key_is_an_error_that_says_how_to_give_one()
    {
        var report = Validator.Validate(new SecretRepositoryFiles(new DirectoryRepositoryFiles(repository.FullName), null, SecretAccess.Plaintext));
        Assert.Contains(report.Diagnostics, d => d.Code == "RC440" && d.Message.Contains("no age key was given (--age-key FILE or SOPS_AGE_KEY_FILE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_secret_file_is_refused_where_the_policy_requires_encryption()
    {
        Write("app/db_password", "correct horse battery staple\n");
        var run = CliRun.Of("validate", repository.FullName);
        Assert.Contains("app/compose.yaml:8:11: error RC441: secret 'db_password': file 'app/db_password' is not SOPS-encrypted, and the Cluster's policy.secrets.encrypted is required", run.Output);
    }

    [Fact]
    public void A_password_in_plain_environment_is_a_warning()
    {
        Write("app/compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    environment:\n      DB_PASSWORD: hunter2hunter2\n      GREETING: hello world\n      SESSION: 9fK2x!Lq7Zr0vB4mW8pT\n");
        var run = CliRun.Of("validate", repository.FullName);
        Assert.Contains("app/compose.yaml:5:20: warning RC442: service 'web': environment 'DB_PASSWORD' looks like a secret in plain text", run.Output);
        Assert.Contains("warning RC442: service 'web': environment 'SESSION'", run.Output);
        Assert.DoesNotContain("'GREETING'", run.Output);
    }

    [Fact]
    public void Variables_from_an_encrypted_file_are_used_and_hide_only_the_services_that_read_them()
    {
        WriteStackWithVariablesFile();
        var files = new SecretRepositoryFiles(new DirectoryRepositoryFiles(repository.FullName), keys, SecretAccess.Plaintext);
        var report = Validator.Validate(files);
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));

        var services = DesiredSwarm.From(report.State, files).Resources.Where(r => r.Key.Kind == SwarmKinds.Service).ToDictionary(r => r.Key.Name);
        Assert.Contains("DB_URL=postgres://app:hunter2-from-sops@db/app", Assert.IsType<SwarmPayload.Service>(services["api_web"].Payload).Spec.TaskTemplate!.ContainerSpec!.Env!);
        Assert.True(services["api_web"].Sensitive);
        Assert.False(services["api_other"].Sensitive); // reads only the plain TAG: its changes stay reviewable
        Assert.Equal("busybox:1.36", Assert.IsType<SwarmPayload.Service>(services["api_other"].Payload).Spec.TaskTemplate!.ContainerSpec!.Image);
    }

    [Fact]
    public void An_encrypted_variables_file_is_reviewed_without_the_key_and_refused_with_a_wrong_one()
    {
        WriteStackWithVariablesFile();

        var review = CliRun.Of("validate", repository.FullName);
        Assert.Equal((0, "valid: no problems found\n"), (review.ExitCode, review.Output));

        var wrong = CliRun.Of("validate", repository.FullName, "--age-key", PrivateCopy("data-key-identity.txt"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("api/stack.yaml:7:18: error RC440: variables file 'api/vars.sops.env' of stack 'api' cannot be used: the age key", wrong.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", review.Output + wrong.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_secret_and_config_of_any_bytes_reach_swarm_byte_for_byte()
    {
        byte[] bytes = [0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a, 0xe2, 0x82]; // not UTF-8
        byte[] config = [0xef, 0xbb, 0xbf, .. bytes]; // and a byte order mark a text reader would drop
        File.WriteAllBytes(Path.Combine(repository.FullName, "app", "db_password"), bytes);
        Write(".sops.yaml", $"creation_rules:\n  - age: {Recipient}\n");
        Assert.Equal(0, CliRun.Of("secrets", "encrypt", Path.Combine(repository.FullName, "app", "db_password")).ExitCode);
        Write("app/compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    secrets: [db_password]\n    configs: [blob]\nsecrets:\n  db_password:\n    file: db_password\nconfigs:\n  blob:\n    file: blob.bin\n");
        File.WriteAllBytes(Path.Combine(repository.FullName, "app", "blob.bin"), config);

        var files = new SecretRepositoryFiles(new DirectoryRepositoryFiles(repository.FullName), keys, SecretAccess.Plaintext);
        var report = Validator.Validate(files);
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics)); // the MAC is over the bytes, as sops computes it

        var desired = DesiredSwarm.From(report.State, files).Resources;
        Assert.Equal(bytes, Assert.IsType<SwarmPayload.Secret>(Assert.Single(desired, r => r.Key.Kind == SwarmKinds.Secret).Payload).Spec.Data);
        Assert.Equal(config, Assert.IsType<SwarmPayload.Config>(Assert.Single(desired, r => r.Key.Kind == SwarmKinds.Config).Payload).Spec.Data);
    }

    public void Dispose()
    {
        keys.Dispose();
        repository.Delete(recursive: true);
    }

    private string SecretName()
    {
        var files = SecretRepositoryFiles.ForReview(new DirectoryRepositoryFiles(repository.FullName));
        return Assert.Single(DesiredSwarm.From(Validator.Validate(files).State, files).Resources, r => r.Key.Kind == SwarmKinds.Secret).Key.Name;
    }

    /// <summary>A second stack whose web service builds a URL from a password in an encrypted variables file.</summary>
    private void WriteStackWithVariablesFile()
    {
        Write("api/stack.yaml", "apiVersion: reconciler/v1\nkind: Stack\nmetadata:\n  name: api\nspec:\n  compose: compose.yaml\n  variablesFile: vars.sops.env\n  variables: {TAG: \"1.36\"}\n");
        Write("api/compose.yaml", "services:\n  web:\n    image: busybox:${TAG}\n    environment:\n      DB_URL: postgres://app:${DB_PASSWORD}@db/app\n  other:\n    image: busybox:${TAG}\n");
        Write("api/vars.sops.env", Encrypt("vars.sops.env", "DB_PASSWORD=hunter2-from-sops\n"));
    }

    private string Encrypt(string name, string plain) => SopsDocument.Encrypt(name, plain, new SopsCreationRule([Recipient]), keys, DateTimeOffset.UtcNow);

    private void Write(string path, string text)
    {
        var full = Path.Combine(repository.FullName, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private string PrivateCopy(string fixture)
    {
        var file = Path.Combine(Path.GetTempPath(), $"reconciler-{Guid.NewGuid():N}.key");
        File.Copy(Fixture(fixture), file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }

    private static string Fixture(string name) => RepositoryRoot.Combine("tests", "Reconciler.Secrets.Tests", "sops-fixtures", name);
}
