using System.Diagnostics;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>A checkout is read without leaving it and without opening anything but regular files.</summary>
public sealed class DirectoryRepositoryFilesTests : IDisposable
{
    private const string Secret = "hunter2-do-not-leak";

    private readonly string scratch = Directory.CreateTempSubdirectory("reconciler-checkout-").FullName;

    public DirectoryRepositoryFilesTests()
    {
        foreach (var (path, text) in new TestRepository().Files)
        {
            Write(path, text);
        }

        File.WriteAllText(Path.Combine(scratch, "outside.yaml"), $"services:\n  web:\n    image: {Secret}\n    command: [\n");
    }

    private string Root => Path.Combine(scratch, "repo");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_path_with_a_trailing_slash_reads_the_same_repository()
    {
        // As a shell completes it: "reconciler validate sample-repo/" used to find no file inside.
        Assert.Empty(Validator.Validate(new DirectoryRepositoryFiles(Root + "/")).Diagnostics);
    }

    [Fact]
    public void A_compose_file_linked_outside_is_refused_and_its_content_never_shown()
    {
        Link("app/compose.yaml", Path.Combine(scratch, "outside.yaml"));

        var report = Validate();

        var refused = Assert.Single(report.Diagnostics, d => d.Code == Rules.LinkLeavesRepository.Code);
        Assert.Equal("app/compose.yaml", refused.Location.File);
        Assert.DoesNotContain(report.Diagnostics, d => d.Message.Contains(Secret, StringComparison.Ordinal) || d.Code == Rules.ComposeMissing.Code);
    }

    [Fact]
    public void A_secret_linked_outside_is_never_read()
    {
        Link("app/db_password.txt", Path.Combine(scratch, "outside.yaml"));
        var files = new DirectoryRepositoryFiles(Root);

        Assert.DoesNotContain("app/db_password.txt", files.List());
        Assert.Null(files.Read("app/db_password.txt"));
        Assert.Equal(Refusal.LinkLeavesRepository, Assert.Single(files.Refused).Reason);
    }

    [Fact]
    public void A_directory_link_out_of_the_repository_is_not_walked_nor_read_through()
    {
        Link("host", "/");
        var files = new DirectoryRepositoryFiles(Root);

        Assert.Equal(new TestRepository().Files.Keys.Order(StringComparer.Ordinal), files.List());
        Assert.Null(files.Read("host/etc/hostname"));
        Assert.Contains(files.Refused, r => r.Path == "host" && r.Reason == Refusal.LinkLeavesRepository);
    }

    [Fact]
    public void A_link_to_a_device_is_refused_before_it_is_opened()
    {
        Link("zero.yaml", "/dev/zero");

        var refused = Assert.Single(Validate().Diagnostics);

        Assert.Equal((Rules.NotRegularFile.Code, "zero.yaml"), (refused.Code, refused.Location.File));
    }

    [Fact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(Root, "pipe.yaml")))
        {
            mkfifo.WaitForExit();
        }

        var files = new DirectoryRepositoryFiles(Root);

        Assert.Null(files.Read("pipe.yaml"));
        var refused = Assert.Single(Validate().Diagnostics);
        Assert.Equal((Rules.NotRegularFile.Code, "pipe.yaml"), (refused.Code, refused.Location.File));
    }

    [Fact]
    public void Links_inside_the_repository_are_followed_and_loops_end()
    {
        Write("shared/compose.yaml", TestRepository.Compose);
        File.Delete(Path.Combine(Root, "app/compose.yaml"));
        Link("app/compose.yaml", "../shared/compose.yaml");
        Link("shared/again", "..");

        var files = new DirectoryRepositoryFiles(Root);

        Assert.Empty(Validator.Validate(files).Diagnostics);
        Assert.Equal(TestRepository.Compose, files.Read("app/compose.yaml"));
        Assert.Equal(TestRepository.Compose, files.Read("shared/again/shared/again/app/compose.yaml"));
        Assert.DoesNotContain(files.List(), path => path.StartsWith("shared/again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_nothing_is_named()
    {
        Link("gone.yaml", "missing.yaml");

        var refused = Assert.Single(Validate().Diagnostics);

        Assert.Equal((Rules.LinkLeavesRepository.Code, "gone.yaml"), (refused.Code, refused.Location.File));
        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    private ValidationReport Validate() => Validator.Validate(new DirectoryRepositoryFiles(Root));

    private void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private void Link(string path, string target)
    {
        var full = Path.Combine(Root, path);
        File.Delete(full);
        File.CreateSymbolicLink(full, target);
    }
}
