using Reconciler.Controller.Ports;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;

namespace Reconciler.Controller.Loop;

/// <summary>
/// Validates each commit once. A commit never changes, so its files and report are kept for
/// the next cycles: the tip and the last good commit, re-read every poll interval while nothing
/// is pushed, cost nothing after the first time. The few most recent are kept, no more.
/// </summary>
internal sealed class ValidatedCommits(IDesiredStateSource source)
{
    private const int Kept = 4;
    private readonly Dictionary<string, ValidatedCommit> cache = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public ValidatedCommit Load(string commit)
    {
        if (cache.TryGetValue(commit, out var known))
        {
            return known;
        }

        var files = source.FilesAt(commit);
        var loaded = new ValidatedCommit(commit, files, Validator.Validate(files));
        if (order.Count == Kept)
        {
            cache.Remove(order.Dequeue());
        }

        order.Enqueue(commit);
        cache[commit] = loaded;
        return loaded;
    }
}

/// <summary>A commit's files and what validating them found.</summary>
internal sealed record ValidatedCommit(string Commit, IRepositoryFiles Files, ValidationReport Report)
{
    public DesiredState State => Report.State;
}
