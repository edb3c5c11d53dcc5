namespace Reconciler.Lab.Tests;

/// <summary>A Swarm secret whose file in the repository is SOPS-encrypted for age, end to end on the lab.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SopsSecretLabTests
{
    // The published test identity of the sops repository (github.com/getsops/sops, age/keys.txt at
    // 00141149bf4227f184ba7e4745869b26d9d8b09c; also in tests/Reconciler.Secrets.Tests/sops-fixtures).
    // A test key known to the world: never for anything real.
    private const string Identity = "AGE-SECRET-KEY-1NJT5YCS2LWU4V4QAJQ6R4JNU7LXPDX602DZ9NUFANVU5GDTGUWCQ5T59M6";
    private const string Recipient = "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw";
    private const string Plaintext = "s3cret-from-sops";

    [LabFact]
    public async Task A_secret_from_a_sops_file_reaches_the_container_and_a_tampered_file_changes_nothing()
    {
        await using var stack = new TestStack();
        var name = stack.Name("sops");
        var key = Path.Combine(Path.GetTempPath(), $"reconciler-age-{Guid.NewGuid():N}.key");
        File.WriteAllText(key, Identity + "\n");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            stack.Write(".sops.yaml", $"creation_rules:\n  - path_regex: .*\n    age: {Recipient}\n");
            stack.Write($"stacks/{name}/token.txt", Plaintext);
            var secretFile = Path.Combine(stack.Root, "stacks", name, "token.txt");
            var encrypt = TestStack.Secrets("encrypt", secretFile);
            Assert.True(encrypt.ExitCode == 0, encrypt.ToString());
            Assert.DoesNotContain(Plaintext, File.ReadAllText(secretFile), StringComparison.Ordinal);

            // The task only stays up when the secret it reads is the plaintext: converging is the proof.
            stack.Stack(name, $$"""
                services:
                  app:
                    image: {{Lab.Image}}
                    command: ["sh", "-c", "test \"$$(cat /run/secrets/token)\" = {{Plaintext}} && exec sleep 3600"]
                    secrets: [token]
                    deploy: {replicas: 1}
                secrets:
                  token: {file: ./token.txt}
                """, extraSpec: ", convergenceTimeout: 60s");

            var applied = stack.Apply("--age-key", key);
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.DoesNotContain(Plaintext, applied.Output + applied.Error, StringComparison.Ordinal);

            using var docker = Lab.Connect();
            var before = await docker.Swarm.InspectServiceAsync($"{name}_app");

            // One character of the ciphertext changed: the value no longer authenticates.
            var text = File.ReadAllText(secretFile);
            var at = text.IndexOf("ENC[AES256_GCM,data:", StringComparison.Ordinal) + "ENC[AES256_GCM,data:".Length;
            File.WriteAllText(secretFile, text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);

            var refused = stack.Apply("--age-key", key);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("RC440", refused.Output + refused.Error, StringComparison.Ordinal);
            var after = await docker.Swarm.InspectServiceAsync($"{name}_app");
            Assert.Equal(before.Version!.Index, after.Version!.Index);
        }
        finally
        {
            File.Delete(key);
        }
    }
}
