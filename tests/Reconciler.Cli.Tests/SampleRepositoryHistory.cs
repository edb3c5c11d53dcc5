using LibGit2Sharp;

namespace Reconciler.Cli.Tests;

/// <summary>A git repository holding sample-repo under deploy/, with one commit; tests edit and commit on top.</summary>
public abstract class SampleRepositoryHistory : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "reconciler-diff-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Repository git;

    protected SampleRepositoryHistory()
    {
        CopyDirectory(RepositoryRoot.Combine("sample-repo"), Path.Combine(root, "deploy"));
        git = new Repository(Repository.Init(root));
        Commit("initial");
    }

    protected string Deploy => Path.Combine(root, "deploy");

    protected string Root => root;

    /// <summary>`reconciler diff` from the commit <paramref name="back"/> commits ago to HEAD.</summary>
    private protected CliRun Diff(int back, string format = "text") =>
        CliRun.Of("diff", "--format", format, $"HEAD~{back}", "HEAD", Deploy);

    /// <summary>Asserts that a diff found changes (exit 2) and shows each of <paramref name="expected"/>.</summary>
    private protected static void AssertChanges(CliRun run, params string[] expected)
    {
        Assert.True(run.ExitCode == 2, run.Error + run.Output);
        foreach (var text in expected)
        {
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        git.Dispose();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal); // git makes its objects read-only
        }

        Directory.Delete(root, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected void Edit(string file, string from, string to)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    protected void Append(string file, string text) => File.AppendAllText(Path.Combine(root, file), text);

    protected void Commit(string message)
    {
        LibGit2Sharp.Commands.Stage(git, "*");
        var who = new Signature("tests", "tests@reconciler.invalid", DateTimeOffset.UtcNow);
        git.Commit(message, who, who);
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
