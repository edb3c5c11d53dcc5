using Reconciler.Controller.Configuration;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Ports;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Core.Text;
using Reconciler.Git;
using Reconciler.Git.Signatures;
using Reconciler.Storage.Cycle;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Controller.Loop;

/// <summary>
/// One reconcile cycle, which decides and returns what it decided: fetch → (new tip: verify,
/// validate, plan, apply, verify, roll back) or (same tip: observe and heal drift) → nodes (and a
/// rebalance when one came back) → standby → storage (snapshots, replication) → who writes the
/// datasets → now and then, failover readiness. Reporting it (state file, status, metrics, notifications, logs) is <see cref="CycleReporter"/>'s job; the only things written here are the apply itself and the
/// mark that one has begun, which must exist before the first change. Every failure ends the
/// cycle with a result that says what happened; nothing destructive happens on an error.
/// </summary>
public sealed class ReconcileCycle(
    ControllerOptions options,
    IDesiredStateSource source,
    ICluster cluster,
    IStandby standby,
    IFailoverReadiness readiness,
    IWriterObserver writers,
    StateStore store,
    Suspension suspension,
    ICycleProgress progress,
    TimeProvider time)
{
    private readonly ValidatedCommits commits = new(source);
    private readonly WriterWatch writerWatch = new(writers, time);

    // What the last cycles decided, to mark failed stacks and to notify a replication problem once.
    private IReadOnlyList<StackState> stacks = [];
    private IReadOnlyList<ReplicationView> replications = [];
    private DateTimeOffset? failoverChecked;
    private bool guarded;

    // The nodes that took tasks at the last look; null before the first (a start is not a return).
    private IReadOnlySet<string>? schedulable;

    public async Task<CycleResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var fence = guarded ? null : await GuardAsync(cancellationToken).ConfigureAwait(false);
        var suspended = suspension.IsSuspended;
        var result = await DecideAsync(suspended, cancellationToken).ConfigureAwait(false);
        stacks = result.Stacks ?? stacks;
        replications = result.Replications ?? replications;
        if (fence is not null)
        {
            var notification = new Notification(NotificationEvent.Fenced, $"Fenced: {fence.Survivor} took over or cannot tell", fence.Describe(), null, time.GetUtcNow());
            result = result with { Fence = fence, Notifications = [notification, .. result.Notifications] };
        }

        return result with { Suspended = suspended, Duration = time.GetElapsedTime(started) };
    }

    /// <summary>
    /// Once, before the first cycle decides anything: a manager coming back asks the worker whether
    /// it took over, and fences itself (suspended, datasets read-only) if so or if it cannot tell.
    /// </summary>
    private async Task<Recovery.FenceRecord?> GuardAsync(CancellationToken cancellationToken)
    {
        var fence = await standby.GuardAsync(cancellationToken).ConfigureAwait(false);
        guarded = true;
        return fence;
    }

    private async Task<CycleResult> DecideAsync(bool suspended, CancellationToken cancellationToken)
    {
        progress.Phase("fetching");
        string tip;
        try
        {
            tip = await Task.Run(source.Fetch, cancellationToken).ConfigureAwait(false);
        }
        catch (GitSourceException e)
        {
            return new CycleResult(CycleOutcome.Error, null) { Error = $"git: {e.Message}", Finished = false };
        }

        var result = new CycleResult(CycleOutcome.InSync, store.Load()) { Tip = tip };
        progress.Fetched(tip, result.State!, suspended);
        try
        {
            result = result.State!.ResultOf(tip) is null
                ? await ApplyNewCommitAsync(result, suspended, cancellationToken).ConfigureAwait(false)
                : await HealAsync(result, suspended, cancellationToken).ConfigureAwait(false);
            result = await WatchNodesAsync(result, suspended, cancellationToken).ConfigureAwait(false);
            result = await KeepStandbyAsync(result, suspended, cancellationToken).ConfigureAwait(false);
            (result, var replicas) = await ReplicateAsync(result, suspended, cancellationToken).ConfigureAwait(false);
            result = await WatchWritersAsync(result, replicas, suspended, cancellationToken).ConfigureAwait(false);
            return await CheckFailoverAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterUnavailableException or GitSourceException)
        {
            return result with { Outcome = CycleOutcome.Error, Error = e is GitSourceException ? $"git: {e.Message}" : e.Message, Finished = false };
        }
    }

    private async Task<CycleResult> ApplyNewCommitAsync(CycleResult result, bool suspended, CancellationToken cancellationToken)
    {
        var tip = result.Tip!;
        if (source.VerifiesSignatures)
        {
            progress.Phase($"checking the signature of {Short(tip)}");
            SignatureReport signatures;
            try
            {
                signatures = source.VerifySignatures(tip, result.State!.LastGoodCommit);
            }
            catch (Exception e) when (e is InvalidDataException or SignatureCheckException)
            {
                // The keys or the checking tool are at fault, not the commit: nothing is applied, and the next cycle tries again.
                return result with { Outcome = CycleOutcome.Error, Error = $"cannot check the signature of {Short(tip)}: {e.Message}" };
            }

            if (signatures.FirstRefusal is { } refusal)
            {
                return Reject(result, new Rejection(RejectReason.Signature, [refusal.Describe()]));
            }

            result = result with { Signature = signatures.Verdicts[0].Reason };
        }

        progress.Phase($"validating {Short(tip)}");
        ValidatedCommit commit;
        try
        {
            commit = commits.Load(tip, result.State!.Failover?.Overlay);
        }
        catch (Exception e) when (e is not (GitSourceException or OperationCanceledException))
        {
            // Whatever a commit holds must not stop the controller: it would fail again on every start.
            return Reject(result, new Rejection(RejectReason.Invalid, [$"reading the commit failed ({e.GetType().Name}: {e.Message})"]));
        }

        if (!commit.IsValid)
        {
            var errors = commit.Errors.Take(10).ToList();
            return Reject(result, new Rejection(RejectReason.Invalid, errors));
        }

        progress.Phase($"planning {Short(tip)}");
        var plan = await cluster.PlanAsync(commit.State, commit.Files, result.State!.Paths, cancellationToken).ConfigureAwait(false);
        if (plan.Errors.Count > 0)
        {
            return result with { Outcome = CycleOutcome.Error, Error = string.Join("; ", plan.Errors) };
        }

        if (suspended)
        {
            progress.Phase($"suspended: {plan.Plan.Steps.Count} change(s) of {Short(tip)} wait for resume");
            return result with { Outcome = plan.Plan.HasChanges ? CycleOutcome.Drifted : CycleOutcome.InSync, Stacks = StacksOf(commit.State, plan.Plan) };
        }

        progress.Phase($"applying {Short(tip)}");
        var applied = await ApplyAsync(result, commit, plan, cancellationToken).ConfigureAwait(false);
        var record = applied.Record!;
        var (kind, title) = record.Result switch
        {
            _ when record.Result.Succeeded() => (NotificationEvent.Applied, $"Applied {Short(tip)}"),
            ApplyResult.RolledBack => (NotificationEvent.RolledBack, $"Commit {Short(tip)} failed and was rolled back"),
            _ => (NotificationEvent.Failed, $"Commit {Short(tip)} failed"),
        };
        return applied with
        {
            Outcome = record.Result.Succeeded() ? CycleOutcome.Applied : CycleOutcome.Failed,
            Notifications = [new Notification(kind, title, $"{source.Subject(tip)}\n{record.Summary}\n{record.Result.Describe()}", tip, time.GetUtcNow())],
        };
    }

    private CycleResult Reject(CycleResult result, Rejection rejection)
    {
        var tip = result.Tip!;
        var problems = rejection.Problems;
        return result with
        {
            Outcome = CycleOutcome.Rejected,
            Rejection = rejection,
            Record = new ApplyRecord(tip, time.GetUtcNow(), ApplyResult.Rejected, $"{problems.Count} problem(s): {string.Join("; ", problems)}", []),
            Notifications =
            [
                new Notification(NotificationEvent.Rejected, $"Commit {Short(tip)} rejected",
                    $"{source.Subject(tip)}\n{rejection.Why}, so nothing was applied; the cluster stays on {Short(result.State!.LastGoodCommit)}.\n{string.Join('\n', problems)}",
                    tip, time.GetUtcNow()),
            ],
        };
    }

    /// <summary>The tip was handled before: keep the cluster on it (or, when it failed, where the rollback left it).</summary>
    private async Task<CycleResult> HealAsync(CycleResult result, bool suspended, CancellationToken cancellationToken)
    {
        var tip = result.Tip!;
        var state = result.State!;
        if (state.ResultOf(tip) is { } outcome && !outcome.Succeeded())
        {
            // A failed or rejected tip: the cluster stays where the rollback left it until a new commit arrives.
            var failed = state.History.First(r => r.Commit == tip).FailedStacks;
            var reason = $"commit {Short(tip)} {outcome.Describe()}";
            progress.Phase($"waiting for a new commit ({Short(tip)} {outcome.Describe()})");
            return result with { Stacks = stacks.Select(s => failed.Contains(s.Name) ? s with { State = StackSync.Failed, Reason = reason } : s).ToList() };
        }

        progress.Phase("observing");
        var commit = commits.Load(tip, state.Failover?.Overlay);
        var plan = await cluster.PlanAsync(commit.State, commit.Files, state.Paths, cancellationToken).ConfigureAwait(false);
        if (plan.Errors.Count > 0)
        {
            return result with { Outcome = CycleOutcome.Error, Error = string.Join("; ", plan.Errors) };
        }

        var observed = StacksOf(commit.State, plan.Plan);
        if (!plan.Plan.HasChanges && state.InProgress is null)
        {
            return result with { Stacks = observed };
        }

        if (!options.SelfHeal || suspended)
        {
            progress.Phase(suspended ? "suspended: drift left alone" : "drift found; self-heal is off");
            return result with { Outcome = CycleOutcome.Drifted, Stacks = observed };
        }

        progress.Phase($"correcting drift ({plan.Plan.Steps.Count} change(s))");
        var applied = await ApplyAsync(result, commit, plan, cancellationToken).ConfigureAwait(false);
        var record = applied.Record!;
        var steps = string.Join('\n', plan.Plan.Steps.Select(s => $"{s.Action.ToString().ToLowerInvariant()} {s.Key}"));
        var (kind, title) = record.Result switch
        {
            _ when record.Result.Succeeded() => (NotificationEvent.DriftCorrected, $"Drift corrected on {Short(tip)}"),
            ApplyResult.RolledBack => (NotificationEvent.RolledBack, $"Correcting drift on {Short(tip)} failed and was rolled back"),
            _ => (NotificationEvent.Failed, $"Correcting drift on {Short(tip)} failed"),
        };
        return applied with
        {
            Outcome = record.Result.Succeeded() ? CycleOutcome.Healed : CycleOutcome.Failed,
            Notifications = [new Notification(kind, title, $"{record.Summary}\n{steps}\n{record.Result.Describe()}", tip, time.GetUtcNow())],
        };
    }

    /// <summary>Marks the apply as begun (when it changes anything), applies, and returns the record and how the stacks stand.</summary>
    private async Task<CycleResult> ApplyAsync(CycleResult result, ValidatedCommit commit, IClusterPlan plan, CancellationToken cancellationToken)
    {
        var state = result.State!;
        var now = time.GetUtcNow();
        var rollback = state.LastGoodCommit is { } good && good != commit.Commit
            ? new RollbackSource(good, () => source.FilesAt(good))
            : null;
        var verifyAllSince = state.VerifyAllSince(commit.Commit, plan.Plan.HasChanges, now);
        var begun = plan.Plan.HasChanges ? store.Begin(ApplyInProgress.Of(commit.Commit, plan.Plan, now)) : state;
        var record = await plan.ApplyAsync(commit.Commit, rollback, verifyAllSince, cancellationToken).ConfigureAwait(false);
        return result with
        {
            State = begun,
            Record = record,
            ManagedPaths = plan.ManagedPaths,
            Resumed = state.InProgress,
            Stacks = StacksOf(commit.State, null, record.FailedStacks),
        };
    }

    /// <summary>
    /// Rewrites the standby on the worker when it does not hold the last good commit (after a
    /// successful apply of a new commit, or after a refresh that failed), once per cycle at most.
    /// </summary>
    private async Task<CycleResult> KeepStandbyAsync(CycleResult result, bool suspended, CancellationToken cancellationToken)
    {
        var after = result.Record is { } record ? result.State!.With(record) : result.State!;
        var last = standby.Last;
        if (suspended || after.LastGoodCommit is not { } good || last is { Error: null } && last.Written?.Commit == good)
        {
            return result with { Standby = last };
        }

        var commit = commits.Load(good, after.Failover?.Overlay);
        progress.Phase("refreshing the standby");
        var refreshed = await standby.RefreshAsync(commit.State, good, commit.Files, after, cancellationToken).ConfigureAwait(false);
        return result with { Standby = refreshed ?? last, StandbyRefreshed = refreshed is not null };
    }

    /// <summary>
    /// Looks at the swarm's nodes (one list call: status shows a node that is down), and spreads
    /// the services of the stacks that ask for it (rebalance: true) when a node came back: only when
    /// the set of nodes that take tasks grew since the last cycle, so services that stay unbalanced
    /// for another reason are not restarted every cycle.
    /// </summary>
    private async Task<CycleResult> WatchNodesAsync(CycleResult result, bool suspended, CancellationToken cancellationToken)
    {
        var nodes = await cluster.NodesAsync(cancellationToken).ConfigureAwait(false);
        result = result with { Nodes = nodes };
        var before = schedulable;
        schedulable = nodes.Where(n => n.Schedulable).Select(n => n.Hostname).ToHashSet(StringComparer.Ordinal);
        var returned = before is null ? [] : schedulable.Except(before).Order(StringComparer.Ordinal).ToList();
        var desired = Running(result);
        var stacks = desired?.State.Stacks.Where(s => s.Rebalance).Select(s => s.Name).ToList() ?? [];
        if (suspended || stacks.Count == 0 || returned.Count == 0)
        {
            return result;
        }

        progress.Phase($"rebalancing: {string.Join(", ", returned)} came back");
        var moved = await cluster.RebalanceAsync(desired!.State, stacks, cancellationToken).ConfigureAwait(false);
        if (moved.Count == 0)
        {
            return result with { Rebalanced = moved };
        }

        var notification = new Notification(NotificationEvent.Rebalanced, $"Rebalanced {moved.Count} service(s): {string.Join(", ", returned)} came back",
            string.Join('\n', moved.Select(m => $"{m.Service}: {m.Before} -> {m.After}{(m.Converged ? string.Empty : $" ({m.Status})")}")), null, time.GetUtcNow());
        return result with { Rebalanced = moved, Notifications = [.. result.Notifications, notification] };
    }

    /// <summary>
    /// Snapshots and replication for the commit the cluster now runs (none while suspended), and
    /// the copies as found before anything was sent (null when it did not run).
    /// </summary>
    private async Task<(CycleResult Result, IReadOnlyList<ReplicaState>? Replicas)> ReplicateAsync(CycleResult result, bool suspended, CancellationToken cancellationToken)
    {
        if (suspended || Running(result) is not { } desired || desired.State.Datasets.Count == 0)
        {
            return (result, null);
        }

        progress.Phase("snapshots and replication");
        var report = await cluster.RunStorageAsync(desired.State, cancellationToken).ConfigureAwait(false);
        var views = report.Replications.Select(r => new ReplicationView(r.Name, r.State, r.Lag?.TotalSeconds, r.Lagging, r.Healthy, r.Detail)).ToList();
        var problems = views
            .Where(v => (v.State is ReplicationState.Diverged or ReplicationState.Failed || v.Lagging)
                && (replications.FirstOrDefault(b => b.Name == v.Name) is not { } was || was.State != v.State || was.Lagging != v.Lagging))
            .Select(v => new Notification(NotificationEvent.Replication, $"Replication {v.Name} is {(v.Lagging ? "lagging" : v.State.Name())}", v.Detail, null, time.GetUtcNow()));
        return (result with { Replications = views, StorageErrors = report.Errors, Notifications = [.. result.Notifications, .. problems] }, report.Replicas);
    }

    /// <summary>
    /// Who writes each dataset of the commit the cluster now runs: a second container, the writer
    /// scaled up, a copy mounted or written to. It looks while suspended too, but then stops nothing.
    /// </summary>
    private async Task<CycleResult> WatchWritersAsync(CycleResult result, IReadOnlyList<ReplicaState>? replicas, bool suspended, CancellationToken cancellationToken)
    {
        if (Running(result) is not { } desired || !WriterJudge.Watched(desired.State).Any())
        {
            return result;
        }

        progress.Phase("checking who writes the datasets");
        var (report, notification) = await writerWatch.CheckAsync(desired.State, replicas, suspended, cancellationToken).ConfigureAwait(false);
        return result with { Writers = report, Notifications = notification is null ? result.Notifications : [.. result.Notifications, notification] };
    }

    /// <summary>The commit the cluster now runs: the tip when it was applied, else the last good commit; null when there is none, or it is not valid.</summary>
    private ValidatedCommit? Running(CycleResult result)
    {
        var before = result.State!;
        var after = result.Record is { } record ? before.With(record) : before;
        var commit = before.ResultOf(result.Tip!).Succeeded() ? result.Tip : after.LastGoodCommit;
        return commit is not null && commits.Load(commit, after.Failover?.Overlay) is { IsValid: true } desired ? desired : null;
    }

    /// <summary>
    /// Checks whether the worker could take over with the last good commit: on the first cycle,
    /// after a standby refresh that worked (a new commit changes what a failover needs), and
    /// otherwise at most every standby.checkEvery, because it runs commands on the worker. It only
    /// looks, so it runs while suspended too; it comes last to see the replicas just sent.
    /// </summary>
    private async Task<CycleResult> CheckFailoverAsync(CycleResult result, CancellationToken cancellationToken)
    {
        var after = result.Record is { } record ? result.State!.With(record) : result.State!;
        var now = time.GetUtcNow();
        var refreshed = result.StandbyRefreshed && result.Standby is { Error: null };
        if (after.LastGoodCommit is not { } good
            || !refreshed && failoverChecked is { } last && now - last < options.Standby.CheckEvery.Value)
        {
            return result;
        }

        // After a failover the overlaid cluster has one node: there is no worker left to check.
        var commit = commits.Load(good, after.Failover?.Overlay);
        progress.Phase("checking failover readiness");
        var report = await readiness.CheckAsync(commit.State, good, cancellationToken).ConfigureAwait(false);
        failoverChecked = now;
        return result with { Failover = report, FailoverChecked = true };
    }

    /// <summary>Each stack of the desired state: failed, drifted (its first change in <paramref name="plan"/>) or in sync.</summary>
    private static List<StackState> StacksOf(DesiredState state, Plan? plan, IReadOnlyList<string>? failed = null) =>
        state.Stacks.Select(s => s.Name).Order(StringComparer.Ordinal).Select(name =>
            failed?.Contains(name) == true
                ? new StackState(name, StackSync.Failed, "did not converge; rolled back to the last good commit where possible")
                : plan?.Steps.FirstOrDefault(c => c.Owner.Stack == name) is { } change
                    ? new StackState(name, StackSync.Drifted, $"{change.Action.ToString().ToLowerInvariant()} {change.Key}")
                    : new StackState(name, StackSync.InSync, string.Empty)).ToList();

    private static string Short(string? commit) => CommitId.Short(commit) ?? "(none)";
}
