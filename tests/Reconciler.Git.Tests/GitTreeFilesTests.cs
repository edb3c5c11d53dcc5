using Reconciler.Core.Loading;
using Reconciler.Tests.Shared;

namespace Reconciler.Git.Tests;

/// <summary>Symbolic links in a commit resolve as in a checkout, but only inside the desired-state directory.</summary>
public sealed class GitTreeFilesTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("reconciler-tree-").FullName;
    private readonly List<GitWorkTree> opened = [];

    public GitTreeFilesTests()
    {
        GitCli.Run(work, "init", "-q", "-b", "main");
        Write("cluster/shared/compose.yaml", "services: {}\n");
        Write("outside/secret.txt", "hunter2\n");
        Link("cluster/app/compose.yaml", "../shared/compose.yaml");
        Link("cluster/app/via-directory.yaml", "../linked/compose.yaml");
        Link("cluster/linked", "shared");
        Link("cluster/app/secret.txt", "../../outside/secret.txt");
        Link("cluster/app/passwd.yaml", "/etc/passwd");
        Link("cluster/app/loop.yaml", "loop.yaml");
        Link("cluster/app/gone.yaml", "missing.yaml");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "-q", "-m", "links");
    }

    public void Dispose()
    {
        opened.ForEach(tree => tree.Dispose());
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public void Links_inside_the_directory_read_their_target()
    {
        var files = FilesOf("cluster");

        Assert.Equal("services: {}\n", files.Read("app/compose.yaml"));
        Assert.Equal("services: {}\n", files.Read("app/via-directory.yaml"));
        Assert.Equal("services: {}\n", files.Read("linked/compose.yaml"));
        Assert.Equal(["app/compose.yaml", "app/via-directory.yaml", "shared/compose.yaml"], files.List());
    }

    [Fact]
    public void Links_that_leave_the_directory_loop_or_name_nothing_are_refused_not_read()
    {
        var files = FilesOf("cluster");

        Assert.Null(files.Read("app/secret.txt"));
        Assert.Null(files.Read("app/passwd.yaml"));
        Assert.Equal(
            ["app/gone.yaml", "app/loop.yaml", "app/passwd.yaml", "app/secret.txt"],
            files.Refused.Select(r => r.Path));
        Assert.All(files.Refused, r => Assert.Equal(Refusal.LinkLeavesRepository, r.Reason));
    }

    [Fact]
    public void A_link_inside_the_whole_repository_still_leaves_a_desired_state_subdirectory()
    {
        var files = FilesOf("cluster/app");

        Assert.Null(files.Read("compose.yaml"));
        Assert.Contains(files.Refused, r => r.Path == "compose.yaml");
    }

    private IRepositoryFiles FilesOf(string directory)
    {
        var tree = GitWorkTree.Find(Path.Combine(work, directory))!;
        opened.Add(tree);
        return tree.FilesAt(tree.HeadCommit);
    }

    private void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, path))!);
        File.WriteAllText(Path.Combine(work, path), text);
    }

    private void Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, path))!);
        File.CreateSymbolicLink(Path.Combine(work, path), target);
    }
}
