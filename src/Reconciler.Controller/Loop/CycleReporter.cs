using Microsoft.Extensions.Logging;
using Reconciler.Controller.Metrics;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Loop;

/// <summary>
/// The one place a cycle's result becomes visible: the state file (the apply record), status,
/// metrics, logs and notifications, in that order, after the cycle (as Flux does in one
/// deferred block per reconcile). While the cycle runs it only shows the tip and the phase.
/// </summary>
public sealed class CycleReporter(
    StatusBoard status, ControllerMetrics metrics, Notifier notifier, StateStore store, TimeProvider time, ILogger<CycleReporter> logger)
    : ICycleProgress
{
    public void Phase(string phase) => status.Update(s => s with { Phase = phase });

    public void Fetched(string tip, ReconcilerState state, bool suspended) =>
        status.Update(s => s with { Tip = tip, Suspended = suspended, History = state.History.Take(20).ToList(), LastGood = state.LastGoodCommit });

    public void Report(CycleResult result)
    {
        var state = Record(result);
        if (result.Signature is { } signature)
        {
            CycleLog.SignatureAccepted(logger, Short(result.Tip), signature);
        }

        if (result.Resumed is { } interrupted)
        {
            CycleLog.InterruptedApplyResumed(logger, Short(interrupted.Commit), interrupted.Started);
        }

        if (result.Rejection is { } rejection)
        {
            metrics.Rejections.WithLabels(rejection.Reason.Name()).Inc();
            CycleLog.CommitRejected(logger, Short(result.Tip), rejection.Why, string.Join("; ", rejection.Problems));
        }

        foreach (var error in result.StorageErrors)
        {
            CycleLog.StorageProblem(logger, error);
        }

        foreach (var service in result.Rebalanced ?? [])
        {
            if (service.Converged)
            {
                CycleLog.Rebalanced(logger, service.Service, service.Before, service.After);
            }
            else
            {
                CycleLog.RebalanceFailed(logger, service.Service, service.Before, service.After, service.Status);
            }
        }

        ReportStandby(result.Standby, result.StandbyRefreshed, state);
        if (result.FailoverChecked)
        {
            ReportFailover(result.Failover);
        }

        ReportStacks(result.Stacks);
        ReportNodes(result.Nodes);
        ReportReplications(result.Replications);
        ReportWriters(result.Writers);
        foreach (var notification in result.Notifications)
        {
            notifier.Notify(notification);
        }

        if (result.Error is { } failure)
        {
            CycleLog.CycleFailed(logger, failure);
        }

        ReportStatus(result, state);
        metrics.CycleDuration.Observe(result.Duration.TotalSeconds);
        metrics.Cycles.WithLabels(result.Outcome.Name()).Inc();
        metrics.Suspended.Set(result.Suspended ? 1 : 0);
        CycleLog.CycleDone(logger, result.Outcome.Name(), result.Duration.TotalSeconds);
    }

    /// <summary>A cycle that threw: a bug or an unexpected failure, said once; the loop carries on.</summary>
    public void Report(Exception unexpected)
    {
        CycleLog.CycleCrashed(logger, unexpected);
        status.Update(s => s with { Phase = "error", LastError = $"unexpected: {unexpected.Message}", LastCycle = time.GetUtcNow() });
    }

    /// <summary>Writes the apply record to the state file, and returns the state as it now stands.</summary>
    private ReconcilerState? Record(CycleResult result)
    {
        if (result.Record is not { } record)
        {
            return result.State;
        }

        var state = store.Record(record, record.Result == ApplyResult.Rejected ? null : result.ManagedPaths);
        CycleLog.Recorded(logger, Short(record.Commit), record.Result.Describe(), record.Summary);
        if (record.Result.Succeeded())
        {
            metrics.LastSuccessfulApply.Set(record.At.ToUnixTimeMilliseconds() / 1000.0);
            foreach (var labels in metrics.AppliedCommit.GetAllLabelValues())
            {
                metrics.AppliedCommit.RemoveLabelled(labels);
            }

            metrics.AppliedCommit.WithLabels(record.Commit ?? string.Empty).Set(1);
        }

        return state;
    }

    private void ReportStandby(StandbyRecord? standby, bool refreshed, ReconcilerState? state)
    {
        if (standby is null)
        {
            return;
        }

        var view = StandbyView.Of(standby, state?.LastGoodCommit, time.GetUtcNow());
        if (refreshed && standby.Error is { } error)
        {
            Recovery.Log.StandbyNotRefreshed(logger, standby.Worker, error, Short(standby.Written?.Commit));
        }
        else if (refreshed)
        {
            Recovery.Log.StandbyRefreshed(logger, standby.Worker, Short(standby.Written?.Commit));
        }

        metrics.StandbyFresh.Set(view.Fresh ? 1 : 0);
        status.Update(s => s with { Standby = view });
    }

    /// <summary>Shows the check's report (or that there is none to check); logs when the verdict or the first problem changes, not every check.</summary>
    private void ReportFailover(FailoverReport? report)
    {
        var before = status.Current.Failover;
        foreach (var labels in metrics.FailoverRpo.GetAllLabelValues())
        {
            metrics.FailoverRpo.RemoveLabelled(labels);
        }

        if (report is null)
        {
            metrics.FailoverReady.Unpublish();
        }
        else
        {
            metrics.FailoverReady.Set(report.Ready ? 1 : 0);
            foreach (var (dataset, seconds) in report.RpoSeconds)
            {
                metrics.FailoverRpo.WithLabels(dataset).Set(seconds ?? double.NaN);
            }

            var first = report.Problems.FirstOrDefault();
            if (first is not null && (before?.Problems.FirstOrDefault() is not { } was || (was.Check, was.Subject) != (first.Check, first.Subject)))
            {
                Recovery.Log.FailoverNotReady(logger, report.Worker, report.Problems.Count(), first.Check, first.Subject, first.Detail);
            }
            else if (report.Ready && before is not { Ready: true })
            {
                Recovery.Log.FailoverReady(logger, report.Worker, report.Manager);
            }
        }

        status.Update(s => s with { Failover = report });
    }

    private void ReportStacks(IReadOnlyList<StackState>? stacks)
    {
        if (stacks is null)
        {
            return;
        }

        status.Update(s => s with { Stacks = stacks });
        metrics.Drift.Set(stacks.Count(s => s.State == StackSync.Drifted));
    }

    private void ReportNodes(IReadOnlyList<Swarm.Rebalance.SwarmNode>? nodes)
    {
        if (nodes is null)
        {
            return;
        }

        foreach (var node in nodes)
        {
            metrics.NodeUp.WithLabels(node.Hostname).Set(node.Schedulable ? 1 : 0);
        }

        status.Update(s => s with { Nodes = nodes.Select(n => new NodeView(n.Hostname, n.Role.ToString().ToLowerInvariant(), n.State, n.Availability)).ToList() });
    }

    private void ReportReplications(IReadOnlyList<ReplicationView>? views)
    {
        if (views is null)
        {
            return;
        }

        foreach (var view in views)
        {
            metrics.ReplicationLag.WithLabels(view.Name).Set(view.LagSeconds ?? double.NaN);
            metrics.ReplicationHealthy.WithLabels(view.Name).Set(view.Healthy ? 1 : 0);
            metrics.ReplicationDiverged.WithLabels(view.Name).Set(view.State == ReplicationState.Diverged ? 1 : 0);
        }

        status.Update(s => s with { Replications = views });
    }

    /// <summary>Shows who writes each dataset; logs each problem when it first appears, what the guard did about it, and when a dataset has none any more.</summary>
    private void ReportWriters(Writers.WriterReport? report)
    {
        if (report is null)
        {
            return;
        }

        var before = status.Current.Writers;
        var known = before?.Actions() ?? [];
        foreach (var finding in report.Findings)
        {
            var seen = known.TryGetValue(finding.Key, out var was);
            if (!seen)
            {
                Writers.Log.SecondWriter(logger, finding.Dataset, finding.Detail, finding.Remedy);
            }

            if (finding is { Container: { } container, Action: { } action } && (!seen || was != action))
            {
                Writers.Log.Guarded(logger, container.Name, container.Node, finding.Dataset, action);
            }
        }

        foreach (var cleared in before?.Datasets.Where(d => d.Findings.Count > 0 && report.Datasets.Any(n => n.Dataset == d.Dataset && n.Findings.Count == 0)) ?? [])
        {
            Writers.Log.Cleared(logger, cleared.Dataset);
        }

        if (report.Errors.Count > 0 && before?.Errors.SequenceEqual(report.Errors) != true)
        {
            Writers.Log.NotObserved(logger, string.Join("; ", report.Errors));
        }

        foreach (var gauge in new[] { metrics.DatasetWriters, metrics.DatasetWriterProblems })
        {
            foreach (var labels in gauge.GetAllLabelValues())
            {
                gauge.RemoveLabelled(labels);
            }
        }

        foreach (var dataset in report.Datasets)
        {
            metrics.DatasetWriters.WithLabels(dataset.Dataset).Set(dataset.Writers ?? double.NaN);
            metrics.DatasetWriterProblems.WithLabels(dataset.Dataset).Set(dataset.Findings.Count);
        }

        status.Update(s => s with { Writers = report });
    }

    private void ReportStatus(CycleResult result, ReconcilerState? state)
    {
        var now = time.GetUtcNow();
        status.Update(s =>
        {
            var seen = state is null ? s : s with
            {
                Tip = result.Tip, Suspended = result.Suspended, History = state.History.Take(20).ToList(), LastGood = state.LastGoodCommit,
                FailedOver = state.Failover?.Overlay.Describe(),
                Fenced = result.Fence?.Describe() ?? s.Fenced,
            };
            return result.Finished
                ? seen with { Phase = "idle", Ready = true, LastCycle = now, LastError = result.Error, Applied = state?.Running ?? s.Applied }
                : seen with { Phase = "error", LastError = result.Error, LastCycle = now };
        });
    }

    private static string Short(string? commit) => CommitId.Short(commit) ?? "(none)";
}
