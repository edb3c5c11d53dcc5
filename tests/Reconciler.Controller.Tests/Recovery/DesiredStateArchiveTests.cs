using System.Formats.Tar;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Loading;

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
