using LibGit2Sharp;
using Reconciler.Git.Signatures;

namespace Reconciler.Git;

/// <summary>
/// A desired-state directory inside a git work tree: which commit it is at, whether it has
/// uncommitted changes, and the files of any other commit, for diff and rollback.
/// </summary>
public sealed class GitWorkTree : IDisposable
{
    private readonly Repository repository;

    private GitWorkTree(Repository repository, string subdirectory)
    {
        this.repository = repository;
        Subdirectory = subdirectory;
    }

    /// <summary>The desired-state directory relative to the work tree root ("" for the root).</summary>
    public string Subdirectory { get; }

    public string HeadCommit => repository.Head.Tip?.Sha ?? throw new InvalidOperationException("the repository has no commit yet");

    /// <summary>True when files below the directory differ from HEAD (tracked changes or new files).</summary>
    public bool IsDirty => repository.RetrieveStatus(new StatusOptions { PathSpec = Subdirectory.Length == 0 ? null : [Subdirectory] }).IsDirty;

    /// <summary>The work tree that contains <paramref name="path"/>, or null when it is not in one.</summary>
    public static GitWorkTree? Find(string path)
    {
        var found = Repository.Discover(path);
        if (found is null)
        {
            return null;
        }

        var repository = new Repository(found);
        if (repository.Info.IsBare || repository.Info.WorkingDirectory is null)
        {
            repository.Dispose();
            return null;
        }

        var root = Path.GetFullPath(repository.Info.WorkingDirectory);
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path)).Replace('\\', '/');
        return new GitWorkTree(repository, relative == "." ? string.Empty : relative);
    }

    /// <summary>The commit a ref, tag or SHA names.</summary>
    public string Resolve(string reference) =>
        (repository.Lookup<Commit>(reference)
            ?? throw new ArgumentException($"'{reference}' is not a commit, branch or tag of this repository", nameof(reference))).Sha;

    public GitTreeFiles FilesAt(string commit) => new(repository.Lookup<Commit>(commit)
        ?? throw new ArgumentException($"commit {commit} is not in this repository", nameof(commit)), Subdirectory);

    /// <summary>Whether <paramref name="commit"/> (and, in <see cref="VerifyMode.All"/>, every commit since <paramref name="since"/>) is signed by a trusted key.</summary>
    public SignatureReport VerifySignatures(string commit, string? since, VerifyMode mode, TrustedKeys keys) =>
        CommitSignatures.Check(repository, commit, since, mode, keys);

    public void Dispose() => repository.Dispose();
}
