using LibGit2Sharp;
using Reconciler.Core.Loading;

namespace Reconciler.Git;

/// <summary>The files of one commit (below a directory of the repository), read straight from git's objects.</summary>
public sealed class GitTreeFiles : IRepositoryFiles
{
    private readonly Dictionary<string, Blob> blobs = new(StringComparer.Ordinal);

    public GitTreeFiles(Commit commit, string subdirectory)
    {
        var prefix = subdirectory.Trim('/') is "." ? string.Empty : subdirectory.Trim('/');
        var tree = prefix.Length == 0 ? commit.Tree : commit[prefix]?.Target as Tree
            ?? throw new DirectoryNotFoundException($"commit {commit.Sha[..12]} has no directory '{prefix}'");
        Collect(tree, string.Empty);
    }

    public IEnumerable<string> List() => blobs.Keys.Where(p => !p.Split('/').Any(part => part.StartsWith('.'))).Order(StringComparer.Ordinal);

    public string? Read(string path) => blobs.TryGetValue(path, out var blob) ? blob.GetContentText() : null;

    private void Collect(Tree tree, string prefix)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Target)
            {
                case Tree child:
                    Collect(child, path + "/");
                    break;
                case Blob blob:
                    blobs[path] = blob;
                    break;
            }
        }
    }
}
