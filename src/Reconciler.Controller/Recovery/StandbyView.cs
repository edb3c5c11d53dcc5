using Reconciler.Core.Model;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// How fresh the standby is, as `reconciler status` and /status show it: on the manager from its
/// last refresh (<see cref="StandbyRecord"/>), on the worker from the copy it holds. Fresh means an
/// intact copy of the last good commit (the manager knows it; the worker takes its copy's word)
/// whose latest refresh did not fail.
/// </summary>
public sealed record StandbyView(string Node, string? Commit, DateTimeOffset? WrittenAt, double? AgeSeconds, long? Epoch, bool Fresh, string? Problem)
{
    public static StandbyView Of(StandbyRecord record, string? lastGoodCommit, DateTimeOffset now)
    {
        var written = record.Written;
        var problem = record.Error is { } error ? $"the refresh at {record.AttemptedAt:u} failed: {error}"
            : written is null ? "none written yet"
            : lastGoodCommit is not null && written.Commit != lastGoodCommit ? $"it holds {CommitId.Short(written.Commit)}, not the last good commit {CommitId.Short(lastGoodCommit)}"
            : null;
        return new StandbyView(record.Worker, written?.Commit, written?.WrittenAt, written is null ? null : (now - written.WrittenAt).TotalSeconds, written?.Epoch, problem is null, problem);
    }

    public static StandbyView Of(string node, StandbyCopy copy, DateTimeOffset now) => copy.Manifest is { } manifest
        ? new StandbyView(node, manifest.Commit, manifest.WrittenAt, (now - manifest.WrittenAt).TotalSeconds, manifest.Epoch, copy.Problems.Count == 0,
            copy.Problems.Count == 0 ? null : $"{copy.Location} copy used: {string.Join("; ", copy.Problems)}")
        : new StandbyView(node, null, null, null, null, false, string.Join("; ", copy.Problems));

    /// <summary>One line: "on hermes: 1a2b3c4d5e6f written 2026-12-02 07:00:00Z (3m ago), fresh".</summary>
    public string Describe() =>
        $"on {Node}: {(Commit is null ? "none" : $"{CommitId.Short(Commit)} written {WrittenAt:u} ({Duration.Format(TimeSpan.FromSeconds(AgeSeconds ?? 0))} ago)")}"
        + (Fresh ? ", fresh" : $", STALE: {Problem}");
}

/// <summary>What `reconciler status --json` prints on a worker where no controller runs: its standby, and the failover it ran if any.</summary>
public sealed record WorkerStandbyStatus(string? FailedOver, StandbyView Standby);
