using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Metrics;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;
using Reconciler.Git;
using Reconciler.Git.Signatures;
using Reconciler.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;
using Reconciler.Swarm;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.Loop;

/// <summary>
/// One reconcile cycle: fetch → (new tip: load, validate, plan, apply, verify, record) or
/// (same tip: observe and heal drift) → storage (snapshots, replication) → status. Every
/// failure ends the cycle with a status that says what happened; nothing is retried in a
/// tight loop and nothing destructive happens on an error.
/// </summary>
public sealed class ReconcileCycle(
    ControllerOptions options,
    RepositoryMirror mirror,
    IDockerClient docker,
    SshOptions ssh,
    StatusBoard status,
    ControllerMetrics metrics,
    Notifier notifier,
    TimeProvider time,
    ILogger<ReconcileCycle> logger)
{
    private readonly StateStore store = new(options.StateDir);
    private readonly Suspension suspension = new(options.StateDir);
    private readonly SwarmProvider swarm = new(docker, time);
    private (string Key, StorageNodes Nodes)? nodeCache;

    public async Task<CycleOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var outcome = await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        metrics.CycleDuration.Observe(time.GetElapsedTime(started).TotalSeconds);
        metrics.Cycles.WithLabels(outcome.ToString().ToLowerInvariant()).Inc();
        metrics.Suspended.Set(suspension.IsSuspended ? 1 : 0);
        return outcome;
    }

    private async Task<CycleOutcome> ReconcileAsync(CancellationToken cancellationToken)
    {
        Phase("fetching");
        string tip;
        try
        {
            tip = await Task.Run(mirror.Fetch, cancellationToken).ConfigureAwait(false);
        }
        catch (GitSourceException e)
        {
            return Error($"git: {e.Message}");
        }

        var state = store.Load();
        status.Update(s => s with { Tip = tip, Suspended = suspension.IsSuspended, History = state.History.Take(20).ToList(), LastGood = state.LastGoodCommit });
        try
        {
            var outcome = state.ResultOf(tip) is null
                ? await ApplyNewCommitAsync(tip, state, cancellationToken).ConfigureAwait(false)
                : await HealAsync(tip, state, cancellationToken).ConfigureAwait(false);
            await ReplicateAsync(tip, state, cancellationToken).ConfigureAwait(false);
            var after = store.Load();
            status.Update(s => s with
            {
                Phase = "idle", Ready = true, LastCycle = time.GetUtcNow(), LastError = outcome == CycleOutcome.Error ? s.LastError : null,
                Applied = after.Running, LastGood = after.LastGoodCommit,
                History = after.History.Take(20).ToList(),
            });
            return outcome;
        }
        catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e))
        {
            return Error($"cannot talk to the Docker Engine: {e.Message}");
        }
        catch (NodeCommandException e)
        {
            return Error(e.Message);
        }
        catch (GitSourceException e)
        {
            return Error($"git: {e.Message}");
        }
    }

    private async Task<CycleOutcome> ApplyNewCommitAsync(string tip, ReconcilerState state, CancellationToken cancellationToken)
    {
        if (options.Repository.Verify is { } verify)
        {
            Phase($"checking the signature of {Short(tip)}");
            SignatureReport signatures;
            try
            {
                signatures = mirror.VerifySignatures(tip, state.LastGoodCommit, Enum.Parse<VerifyMode>(verify.Mode, ignoreCase: true), TrustedKeys.Load(verify.Keys));
            }
            catch (Exception e) when (e is InvalidDataException or SignatureCheckException)
            {
                // The keys or the checking tool are at fault, not the commit: nothing is applied, and the next cycle tries again.
                return Error($"cannot check the signature of {Short(tip)}: {e.Message}");
            }

            if (signatures.FirstRefusal is { } refusal)
            {
                return Reject(tip, state, [refusal.Describe()], RejectReason.Signature);
            }

            logger.LogInformation("commit {Commit}: {Signature}", Short(tip), signatures.Verdicts[0].Reason);
        }

        Phase($"validating {Short(tip)}");
        IRepositoryFiles files;
        ValidationReport report;
        try
        {
            files = mirror.FilesAt(tip, options.Repository.Path);
            report = Validator.Validate(files);
        }
        catch (Exception e) when (e is not (GitSourceException or OperationCanceledException))
        {
            // Whatever a commit holds must not stop the controller: it would fail again on every start.
            return Reject(tip, state, [$"reading the commit failed ({e.GetType().Name}: {e.Message})"], RejectReason.Invalid);
        }

        if (!report.IsValid)
        {
            return Reject(tip, state, report.Diagnostics.Where(d => d.Severity == Severity.Error).Take(10).Select(d => d.ToString()).ToList(), RejectReason.Invalid);
        }

        Phase($"planning {Short(tip)}");
        var observation = await ObserveAsync(report.State, files, state, cancellationToken).ConfigureAwait(false);
        if (observation.Errors.Count > 0)
        {
            return Error(string.Join("; ", observation.Errors));
        }

        UpdateStacks(report.State.Stacks.Select(s => s.Name), observation, []);
        if (suspension.IsSuspended)
        {
            Phase($"suspended: {observation.Plan.Steps.Count} change(s) of {Short(tip)} wait for resume");
            return observation.Plan.HasChanges ? CycleOutcome.Drifted : CycleOutcome.InSync;
        }

        Phase($"applying {Short(tip)}");
        var record = await DeployAsync(tip, report.State, observation, state, cancellationToken).ConfigureAwait(false);
        var (name, title) = record.Result switch
        {
            ApplyResult.Converged or ApplyResult.NoChanges => ("applied", $"Applied {Short(tip)}"),
            ApplyResult.RolledBack => ("rolled-back", $"Commit {Short(tip)} failed and was rolled back"),
            _ => ("failed", $"Commit {Short(tip)} failed"),
        };
        notifier.Notify(new Notification(name, title, $"{mirror.Subject(tip)}\n{record.Summary}\n{record.Result.Describe()}", tip, time.GetUtcNow()));
        return record.Result is ApplyResult.Converged or ApplyResult.NoChanges ? CycleOutcome.Applied : CycleOutcome.Failed;
    }

    private CycleOutcome Reject(string tip, ReconcilerState state, IReadOnlyList<string> problems, RejectReason reason)
    {
        var why = reason == RejectReason.Signature ? "It is not signed by a trusted key" : "It does not validate";
        Record(new ApplyRecord(tip, time.GetUtcNow(), ApplyResult.Rejected, $"{problems.Count} problem(s): {string.Join("; ", problems)}", []), []);
        metrics.Rejections.WithLabels(reason.ToString().ToLowerInvariant()).Inc();
        notifier.Notify(new Notification("rejected", $"Commit {Short(tip)} rejected",
            $"{mirror.Subject(tip)}\n{why}, so nothing was applied; the cluster stays on {Short(state.LastGoodCommit)}.\n{string.Join('\n', problems)}", tip, time.GetUtcNow()));
        logger.LogWarning("commit {Commit} rejected ({Reason}): {Problems}", Short(tip), why, string.Join("; ", problems));
        return CycleOutcome.Rejected;
    }

    private enum RejectReason
    {
        Invalid,
        Signature,
    }

    /// <summary>The tip was handled before: keep the cluster on it (or on the last good commit when it failed).</summary>
    private async Task<CycleOutcome> HealAsync(string tip, ReconcilerState state, CancellationToken cancellationToken)
    {
        var result = state.ResultOf(tip);
        var desired = result is ApplyResult.Converged or ApplyResult.NoChanges ? tip : null;
        if (desired is null)
        {
            // A failed or rejected tip: the cluster stays where the rollback left it until a new commit arrives.
            var failed = state.History.First(r => r.Commit == tip).FailedStacks;
            Phase($"waiting for a new commit ({Short(tip)} {result?.Describe()})");
            status.Update(s => s with { Stacks = s.Stacks.Select(st => failed.Contains(st.Name) ? st with { State = "failed", Reason = $"commit {Short(tip)} {result?.Describe()}" } : st).ToList() });
            return CycleOutcome.InSync;
        }

        Phase("observing");
        var files = mirror.FilesAt(desired, options.Repository.Path);
        var report = Validator.Validate(files);
        var observation = await ObserveAsync(report.State, files, state, cancellationToken).ConfigureAwait(false);
        if (observation.Errors.Count > 0)
        {
            return Error(string.Join("; ", observation.Errors));
        }

        UpdateStacks(report.State.Stacks.Select(s => s.Name), observation, []);
        if (!observation.Plan.HasChanges && state.InProgress is null)
        {
            return CycleOutcome.InSync;
        }

        if (!options.SelfHeal || suspension.IsSuspended)
        {
            Phase(suspension.IsSuspended ? "suspended: drift left alone" : "drift found; self-heal is off");
            return CycleOutcome.Drifted;
        }

        Phase($"correcting drift ({observation.Plan.Steps.Count} change(s))");
        var record = await DeployAsync(desired, report.State, observation, state, cancellationToken).ConfigureAwait(false);
        notifier.Notify(new Notification("drift-corrected", $"Drift corrected on {Short(desired)}",
            $"{record.Summary}\n{string.Join('\n', observation.Plan.Steps.Select(s => $"{s.Action.ToString().ToLowerInvariant()} {s.Key}"))}", desired, time.GetUtcNow()));
        return record.Result is ApplyResult.Converged or ApplyResult.NoChanges ? CycleOutcome.Healed : CycleOutcome.Failed;
    }

    private async Task<ApplyRecord> DeployAsync(
        string commit, Core.Model.DesiredState state, ClusterObservation observation, ReconcilerState history, CancellationToken cancellationToken)
    {
        var rollback = history.LastGoodCommit is { } good && good != commit
            ? new RollbackSource(good, () => mirror.FilesAt(good, options.Repository.Path))
            : null;
        var deployer = new Deployer(time, new LoggedProgress(logger));
        var verifyAllSince = history.VerifyAllSince(commit, observation.Plan.HasChanges, time.GetUtcNow());
        if (history.InProgress is { } interrupted)
        {
            logger.LogWarning("the apply of {Commit} started {Started:u} was interrupted; verifying every service before anything is recorded good", Short(interrupted.Commit), interrupted.Started);
        }

        if (observation.Plan.HasChanges)
        {
            store.Begin(ApplyInProgress.Of(commit, observation.Plan, time.GetUtcNow()));
        }

        var record = await deployer.DeployAsync(observation, commit, rollback, verifyAllSince, cancellationToken).ConfigureAwait(false);
        Record(record, DesiredStorage.PathsByNode(state));
        if (record.Result is ApplyResult.Converged or ApplyResult.NoChanges)
        {
            metrics.LastSuccessfulApply.Set(record.At.ToUnixTimeMilliseconds() / 1000.0);
            foreach (var labels in metrics.AppliedCommit.GetAllLabelValues())
            {
                metrics.AppliedCommit.RemoveLabelled(labels);
            }

            metrics.AppliedCommit.WithLabels(commit).Set(1);
        }

        UpdateStacks(state.Stacks.Select(s => s.Name), null, record.FailedStacks);
        return record;
    }

    private async Task<ClusterObservation> ObserveAsync(Core.Model.DesiredState state, IRepositoryFiles files, ReconcilerState history, CancellationToken cancellationToken) =>
        await ClusterObservation.ObserveAsync([new StorageProvider(NodesOf(state), history.Paths), swarm], state, files, cancellationToken).ConfigureAwait(false);

    /// <summary>The Cluster's nodes, kept while their addresses stay the same (each node's zfs is detected once).</summary>
    private StorageNodes NodesOf(Core.Model.DesiredState state)
    {
        var key = string.Join(',', state.Cluster?.Nodes.Select(n => $"{n.Name}={n.Address}") ?? []);
        if (nodeCache is not { } cached || cached.Key != key)
        {
            nodeCache = cached = (key, StorageNodes.For(state.Cluster, ssh));
        }

        return cached.Nodes;
    }

    private async Task ReplicateAsync(string tip, ReconcilerState state, CancellationToken cancellationToken)
    {
        var commit = state.ResultOf(tip) is ApplyResult.Converged or ApplyResult.NoChanges ? tip : store.Load().LastGoodCommit ?? state.LastGoodCommit;
        if (commit is null || suspension.IsSuspended)
        {
            return;
        }

        var report = Validator.Validate(mirror.FilesAt(commit, options.Repository.Path));
        if (!report.IsValid || report.State.Datasets.Count == 0)
        {
            return;
        }

        Phase("snapshots and replication");
        var before = status.Current.Replications;
        var cycle = await new StorageCycle(NodesOf(report.State), time).RunAsync(report.State, cancellationToken).ConfigureAwait(false);
        var views = cycle.Replications.Select(r => new ReplicationView(
            r.Name, r.StateName, r.Lag?.TotalSeconds, r.Lagging, r.Healthy, r.Detail)).ToList();
        foreach (var view in views)
        {
            metrics.ReplicationLag.WithLabels(view.Name).Set(view.LagSeconds ?? double.NaN);
            metrics.ReplicationHealthy.WithLabels(view.Name).Set(view.Healthy ? 1 : 0);
            metrics.ReplicationDiverged.WithLabels(view.Name).Set(view.State == "diverged" ? 1 : 0);
            var was = before.FirstOrDefault(b => b.Name == view.Name);
            if ((view.State is "diverged" or "failed" || view.Lagging) && (was is null || was.State != view.State || was.Lagging != view.Lagging))
            {
                notifier.Notify(new Notification("replication", $"Replication {view.Name} is {(view.Lagging ? "lagging" : view.State)}", view.Detail, null, time.GetUtcNow()));
            }
        }

        foreach (var error in cycle.Errors)
        {
            logger.LogWarning("storage: {Error}", error);
        }

        status.Update(s => s with { Replications = views });
    }

    private void UpdateStacks(IEnumerable<string> stacks, ClusterObservation? observation, IReadOnlyList<string> failed)
    {
        var changes = observation?.Plan.Steps ?? [];
        var list = stacks.Order(StringComparer.Ordinal).Select(name =>
        {
            if (failed.Contains(name))
            {
                return new StackState(name, "failed", "did not converge; rolled back to the last good commit where possible");
            }

            var change = changes.FirstOrDefault(c => c.Owner.Stack == name);
            return change is null || observation is null
                ? new StackState(name, "in-sync", string.Empty)
                : new StackState(name, "drifted", $"{change.Action.ToString().ToLowerInvariant()} {change.Key}");
        }).ToList();
        status.Update(s => s with { Stacks = observation is null && failed.Count == 0 ? list.Select(st => st with { State = "in-sync" }).ToList() : list });
        metrics.Drift.Set(list.Count(s => s.State == "drifted"));
    }

    private void Record(ApplyRecord record, IReadOnlyList<Storage.Resources.ManagedPath> paths)
    {
        store.Record(record, record.Result == ApplyResult.Rejected ? null : paths);
        logger.LogInformation("commit {Commit}: {Result} ({Summary})", Short(record.Commit), record.Result.Describe(), record.Summary);
    }

    private CycleOutcome Error(string message)
    {
        logger.LogError("cycle failed, nothing changed: {Error}", message);
        status.Update(s => s with { Phase = "error", LastError = message, LastCycle = time.GetUtcNow() });
        return CycleOutcome.Error;
    }

    private void Phase(string phase) => status.Update(s => s with { Phase = phase });

    private static string Short(string? commit) => CommitId.Short(commit) ?? "(none)";
}
