using LibGit2Sharp;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Git;

/// <summary>
/// The files of one commit (below a directory of the repository), read straight from git's
/// objects. A symbolic link (a blob with mode 120000 that holds the target path) resolves as
/// it would in a checkout, but only inside the directory: one that leaves it, loops or points
/// at nothing is refused, as it is in a working tree.
/// </summary>
public sealed class GitTreeFiles : IRepositoryFiles
{
    /// <summary>A link's blob holds a path; anything longer than a path can be is not a link we follow.</summary>
    private const long MaxLinkBytes = 4096;

    private readonly Tree root;
    private readonly ReadLedger ledger = new();
    private readonly List<string> files = [];

    public GitTreeFiles(Commit commit, string subdirectory)
    {
        var prefix = subdirectory.Trim('/') is "." ? string.Empty : subdirectory.Trim('/');
        root = prefix.Length == 0 ? commit.Tree : commit[prefix]?.Target as Tree
            ?? throw new DirectoryNotFoundException($"commit {CommitId.Short(commit.Sha)} has no directory '{prefix}'");
        Collect();
    }

    public IReadOnlyList<RefusedFile> Refused => ledger.Refused;

    public IEnumerable<string> List() => files;

    public string? Read(string path)
    {
        if (ledger.IsRefused(path) || Resolve(path) is not { } entry)
        {
            return null;
        }

        return entry.Target is Blob blob && ledger.Admit(path, blob.Size) ? blob.GetContentText() : null;
    }

    public byte[]? ReadBytes(string path)
    {
        if (ledger.IsRefused(path) || Resolve(path) is not { Target: Blob blob } || !ledger.Admit(path, blob.Size))
        {
            return null;
        }

        using var content = blob.GetContentStream();
        using var bytes = new MemoryStream();
        content.CopyTo(bytes);
        return bytes.ToArray();
    }

    private void Collect()
    {
        var pending = new Stack<(Tree Tree, string Prefix)>([(root, string.Empty)]);
        var entries = 0;
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.Tree.Where(e => !e.Name.StartsWith('.')))
            {
                var path = directory.Prefix + entry.Name;
                if (++entries > RepositoryBudgets.MaxEntries)
                {
                    ledger.Refuse(path, Refusal.RepositoryTooLarge,
                        $"the commit has more than {RepositoryBudgets.MaxEntries} files and directories, so the rest was not read; point reconciler at the directory that holds the desired state");
                    files.Sort(StringComparer.Ordinal);
                    return;
                }

                switch (entry.Target)
                {
                    case Tree child:
                        pending.Push((child, path + "/"));
                        break;
                    case Blob when entry.Mode != Mode.SymbolicLink:
                        files.Add(path);
                        break;
                    case Blob when Resolve(path) is { Target: Blob }:
                        files.Add(path); // a link to a file inside; one to a directory inside is not walked
                        break;
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
    }

    /// <summary>
    /// The entry a path names, every link on the way followed, or null (refusing the path when
    /// a link leaves the directory, loops or points at nothing).
    /// </summary>
    private TreeEntry? Resolve(string path)
    {
        var remaining = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        var lastLink = string.Empty;
        while (remaining.TryPop(out var part))
        {
            switch (part)
            {
                case ".":
                    continue;
                case ".." when resolved.Count == 0:
                    return hops == 0 ? null : RefuseLink(path, lastLink);
                case "..":
                    resolved.RemoveAt(resolved.Count - 1);
                    continue;
            }

            var entry = root[string.Join('/', resolved.Append(part))];
            if (entry is null)
            {
                return hops == 0 ? null : RefuseLink(path, lastLink);
            }

            if (entry.Mode != Mode.SymbolicLink)
            {
                resolved.Add(part);
                continue;
            }

            lastLink = entry.Target is Blob { Size: <= MaxLinkBytes } link ? link.GetContentText() : "/";
            if (lastLink.StartsWith('/') || ++hops > RepositoryBudgets.MaxLinkHops)
            {
                return RefuseLink(path, lastLink);
            }

            foreach (var step in lastLink.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                remaining.Push(step);
            }
        }

        return resolved.Count == 0 ? null : root[string.Join('/', resolved)];
    }

    private TreeEntry? RefuseLink(string path, string target)
    {
        ledger.Refuse(path, Refusal.LinkLeavesRepository,
            $"it leads through a symbolic link to '{target}', which is outside the repository, loops or names nothing; reconciler reads only what the repository holds: copy the file in instead");
        return null;
    }
}
