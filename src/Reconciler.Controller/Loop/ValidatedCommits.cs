using Reconciler.Controller.Ports;
using Reconciler.Core.Loading;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;
using Reconciler.Core.Recovery;
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

    /// <summary>The commit validated, seen through a failover's overlay when this node stands in for a lost one.</summary>
    public ValidatedCommit Load(string commit, FailoverOverlay? overlay) => Load(commit).Under(overlay);

    private ValidatedCommit Load(string commit)
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

/// <summary>A commit's files and what validating them found; after a failover, the desired state with the overlay on it.</summary>
internal sealed record ValidatedCommit(string Commit, IRepositoryFiles Files, ValidationReport Report)
{
    public OverlayResult? Overlaid { get; init; }

    public DesiredState State => Overlaid?.State ?? Report.State;

    /// <summary>Valid, and when overlaid, the overlay maps everything the commit declares.</summary>
    public bool IsValid => Report.IsValid && Overlaid?.CanApply != false;

    /// <summary>Why it cannot be applied: the validation errors and what the overlay cannot map.</summary>
    public IEnumerable<string> Errors =>
        Report.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString())
            .Concat(Overlaid?.Problems.Select(p => $"the failover overlay cannot map {p}") ?? []);

    public ValidatedCommit Under(FailoverOverlay? overlay) => overlay is null ? this : this with { Overlaid = overlay.ApplyTo(Report.State) };
}
