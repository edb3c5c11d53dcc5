namespace Reconciler.Controller.State;

/// <summary>What survives restarts: the last commit whose apply converged and the recent applies.</summary>
public sealed record ReconcilerState(string? LastGoodCommit, IReadOnlyList<ApplyRecord> History)
{
    public const int HistoryLimit = 200;

    public static ReconcilerState Empty { get; } = new(null, []);

    public ReconcilerState With(ApplyRecord record) => new(
        record.Result == ApplyResult.Converged && record.Commit is not null ? record.Commit : LastGoodCommit,
        History.Prepend(record).Take(HistoryLimit).ToList());

    /// <summary>True when this commit's latest apply failed: it is not retried until asked to.</summary>
    public bool HasFailed(string commit) =>
        History.FirstOrDefault(r => r.Commit == commit)?.Result is ApplyResult.Failed or ApplyResult.RolledBack or ApplyResult.RollbackFailed;
}
