namespace Reconciler.Core.Loading;

/// <summary>
/// What a repository source has handed out and refused: enforces the per-file and
/// per-repository byte budgets (each file counted once, however often it is read) and keeps
/// the refusals for the loader to report.
/// </summary>
public sealed class ReadLedger
{
    private readonly Lock gate = new();
    private readonly HashSet<string> admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefusedFile> refused = new(StringComparer.Ordinal);
    private long total;

    public IReadOnlyList<RefusedFile> Refused
    {
        get
        {
            lock (gate)
            {
                return refused.Values.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
            }
        }
    }

    public bool IsRefused(string path)
    {
        lock (gate)
        {
            return refused.ContainsKey(path);
        }
    }

    public void Refuse(string path, Refusal reason, string why)
    {
        lock (gate)
        {
            refused.TryAdd(path, new RefusedFile(path, reason, why));
        }
    }

    /// <summary>Whether a file of <paramref name="size"/> bytes may be read; records the refusal when not.</summary>
    public bool Admit(string path, long size)
    {
        lock (gate)
        {
            if (refused.ContainsKey(path))
            {
                return false;
            }

            if (admitted.Contains(path))
            {
                return true;
            }

            if (size > RepositoryBudgets.MaxFileBytes)
            {
                refused.Add(path, new RefusedFile(path, Refusal.FileTooLarge,
                    $"it is {size} bytes and a file of the repository may have at most {RepositoryBudgets.MaxFileBytes}; split it or keep it out of the repository"));
                return false;
            }

            if (total + size > RepositoryBudgets.MaxRepositoryBytes)
            {
                refused.Add(path, new RefusedFile(path, Refusal.RepositoryTooLarge,
                    $"the files read before it already hold {total} bytes and a repository may hold at most {RepositoryBudgets.MaxRepositoryBytes}; move what reconciler does not need out of the repository"));
                return false;
            }

            admitted.Add(path);
            total += size;
            return true;
        }
    }
}
