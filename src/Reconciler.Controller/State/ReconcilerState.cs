using Reconciler.Controller.Recovery;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.State;

/// <summary>
/// What survives restarts: the last commit whose apply converged, the recent applies, and the
/// host paths the last successful apply managed (so a Path that leaves the repository shows as an orphan).
/// </summary>
public sealed record ReconcilerState(string? LastGoodCommit, IReadOnlyList<ApplyRecord> History)
{
    public IReadOnlyList<ManagedPath> Paths { get; init; } = [];

    /// <summary>An apply a crash interrupted, or null.</summary>
    public ApplyInProgress? InProgress { get; init; }

    /// <summary>The failover this node stands in by, or null: its overlay applies to every desired state read here.</summary>
    public FailoverRecord? Failover { get; init; }

    public const int HistoryLimit = 200;

    public static ReconcilerState Empty { get; } = new(null, []);

    public ReconcilerState With(ApplyRecord record, IReadOnlyList<ManagedPath>? paths = null) => new(
        record.Result.Succeeded() && record.Commit is not null ? record.Commit : LastGoodCommit,
        History.Prepend(record).Take(HistoryLimit).ToList())
    {
        Paths = paths is not null && record.Result.Succeeded() ? paths : Paths,

        // A rejected commit changed nothing: an interrupted apply before it still needs resuming.
        InProgress = record.Result == ApplyResult.Rejected ? InProgress : null,
        Failover = Failover,
    };

    /// <summary>
    /// Since when an apply must prove every service of its stacks healthy, not only those it
    /// changes; null when the changed ones are enough. After an interrupted apply: since it began
    /// (its update may have paused, or Swarm rolled it back, before the crash). For a commit never
    /// verified whose plan is empty: since now, because an empty plan is no proof of health.
    /// </summary>
    public DateTimeOffset? VerifyAllSince(string? commit, bool changes, DateTimeOffset now) =>
        InProgress is { } interrupted ? interrupted.Started
        : !changes && commit is not null && ResultOf(commit)?.Succeeded() != true ? now
        : null;

    /// <summary>True when this commit's latest apply failed: it is not retried until asked to.</summary>
    public bool HasFailed(string commit) =>
        ResultOf(commit)?.Succeeded() == false;

    /// <summary>
    /// The commit the cluster runs: the latest apply's, except after a rollback, which put the
    /// failed stacks back on the last good commit (the failed commit is not what runs).
    /// </summary>
    public string? Running => History.FirstOrDefault(r => r.Result != ApplyResult.Rejected) is { } latest
        ? latest.Result == ApplyResult.RolledBack ? LastGoodCommit : latest.Commit
        : null;

    /// <summary>How the latest apply of a commit ended, or null when it was never tried.</summary>
    public ApplyResult? ResultOf(string commit) => History.FirstOrDefault(r => r.Commit == commit)?.Result;
}
