using Reconciler.Core.Loading;
using Reconciler.Core.Validation;
using Reconciler.Tests.Shared;

namespace Reconciler.Cli.Tests;

/// <summary>`reconciler check failover --print-patch`: the repository change that makes a failover permanent, ready for git apply.</summary>
public sealed class FailoverPatchCommandTests : IDisposable
{
    private readonly string copy = Directory.CreateTempSubdirectory("reconciler-patch-").FullName;

    [Fact]
    public void The_patch_of_the_sample_repository_applies_with_git_and_leaves_a_valid_one_node_cluster()
    {
        CopyDirectory(RepositoryRoot.Combine("sample-repo"), copy);
        GitCli.Run(copy, "init", "-q");

        var run = CliRun.Of("check", "failover", "--print-patch", copy);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith("--- a/", run.Output, StringComparison.Ordinal);
        var patch = Path.Combine(copy, "..", Path.GetFileName(copy) + ".diff");
        File.WriteAllText(patch, run.Output);
        try
        {
            GitCli.Run(copy, "apply", patch);
        }
        finally
        {
            File.Delete(patch);
        }

        var report = Validator.Validate(new DirectoryRepositoryFiles(copy));
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        var node = Assert.Single(report.State.Cluster!.Nodes);
        Assert.Equal(("hermes", Core.Model.NodeRole.Manager), (node.Name, node.Role));
        Assert.All(report.State.Datasets, d => Assert.Equal("hermes", d.Node));
        Assert.Empty(report.State.Replications);
    }

    [Fact]
    public void A_cluster_without_one_worker_has_no_patch()
    {
        File.WriteAllText(Path.Combine(copy, "cluster.yaml"), "apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {name: solo}\nspec:\n  nodes: [{name: atlas, role: manager}]\n");

        var run = CliRun.Of("check", "failover", "--print-patch", copy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("0 workers", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    public void Dispose() => Directory.Delete(copy, recursive: true);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
