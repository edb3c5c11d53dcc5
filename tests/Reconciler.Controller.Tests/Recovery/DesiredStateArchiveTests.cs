using System.Formats.Tar;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Secrets;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class DesiredStateArchiveTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["cluster.yaml"] = "apiVersion: reconciler/v1\n",
        ["stacks/app/compose.yaml"] = "services: {web: {image: \"nginx:1.27\"}}\n",
        [$"stacks/{new string('n', 120)}/compose.yaml"] = "services: {}\n",
    };

    [Fact]
    public void The_archive_holds_the_files_the_controller_read_and_reads_back_the_same()
    {
        var unpacked = DesiredStateArchive.Unpack(DesiredStateArchive.Pack(new InMemoryRepositoryFiles(Files)));

        Assert.Equal(Files.Keys.Order(StringComparer.Ordinal), unpacked.List());
        Assert.All(Files, f => Assert.Equal(f.Value, unpacked.Read(f.Key)));
    }

    [Fact]
    public void One_tree_always_packs_to_the_same_bytes_so_its_checksum_names_it()
    {
        var first = DesiredStateArchive.Pack(new InMemoryRepositoryFiles(Files));
        var second = DesiredStateArchive.Pack(new InMemoryRepositoryFiles(Files.Reverse().ToDictionary()));

        Assert.Equal(StandbyManifest.Checksum(first), StandbyManifest.Checksum(second));
    }

    [Fact]
    public void A_sops_file_is_archived_encrypted_as_the_repository_holds_it()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Reconciler.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        }

        using var keys = AgeKeys.Parse(File.ReadAllText(Path.Combine(root, "scripts", "demo-only.agekey")));
        var encrypted = SopsDocument.Encrypt("token", "s3cret-token\n", new SopsCreationRule(keys.Recipients), keys, DateTimeOffset.UtcNow);
        var files = new SecretRepositoryFiles(new InMemoryRepositoryFiles(new Dictionary<string, string>(Files) { ["stacks/app/token"] = encrypted }), keys, SecretAccess.Plaintext);
        Assert.Equal("s3cret-token\n", files.Read("stacks/app/token")); // the controller reads it decrypted

        var unpacked = DesiredStateArchive.Unpack(DesiredStateArchive.Pack(files));

        Assert.Equal(encrypted, unpacked.Read("stacks/app/token"));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("stacks/../../x")]
    public void An_entry_outside_the_repository_is_refused(string name)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream([1]) });
        }

        var error = Assert.Throws<InvalidDataException>(() => DesiredStateArchive.Unpack(buffer.ToArray()));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
