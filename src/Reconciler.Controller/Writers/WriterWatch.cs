using Reconciler.Controller.Notifications;
using Reconciler.Controller.Ports;
using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Writers;

/// <summary>
/// The cycle's writer check: observe (<see cref="IWriterObserver"/>), judge (<see cref="WriterJudge"/>),
/// stop what <c>guard: stop</c> says to stop (never while suspended), and notify each problem once,
/// when it first appears, and again when the guard does something new about it (stops it, or
/// fails to); a problem that goes away and comes back is new again.
/// </summary>
public sealed class WriterWatch(IWriterObserver observer, TimeProvider time)
{
    private Dictionary<string, string?> known = new(StringComparer.Ordinal);
    private IReadOnlyList<ReplicaState> lastReplicas = [];

    /// <param name="replicas">The copies as this cycle's storage run found them before sending; null when it did not run
    /// (suspended), and then they are judged as the last run found them.</param>
    public async Task<(WriterReport Report, Notification? Notification)> CheckAsync(
        DesiredState state, IReadOnlyList<ReplicaState>? replicas, bool suspended, CancellationToken cancellationToken)
    {
        replicas = lastReplicas = replicas ?? lastReplicas;
        var observed = await observer.ObserveAsync(state, WriterJudge.NodesToWatch(state, replicas), WriterJudge.WriterServices(state), cancellationToken).ConfigureAwait(false);
        var datasets = new List<DatasetWriters>();
        foreach (var dataset in WriterJudge.Judge(state, replicas, observed))
        {
            var findings = new List<WriterFinding>();
            foreach (var finding in dataset.Findings)
            {
                findings.Add(dataset.Guard == WriterGuard.Stop && finding.Container is { } container
                    ? finding with { Action = suspended ? "not stopped: the controller is suspended" : await StopAsync(state, container, cancellationToken).ConfigureAwait(false) }
                    : finding);
            }

            datasets.Add(dataset with { Findings = findings });
        }

        var report = new WriterReport(time.GetUtcNow(), datasets, observed.Errors);
        var fresh = report.Findings.Where(f => !known.TryGetValue(f.Key, out var action) || action != f.Action).ToList();
        known = report.Actions();
        return (report, fresh.Count == 0 ? null : Notify(fresh));
    }

    private async Task<string> StopAsync(DesiredState state, RunningContainer container, CancellationToken cancellationToken) =>
        await observer.StopAsync(state, container, cancellationToken).ConfigureAwait(false) is { } error
            ? $"guard: stop could not stop it: {error}"
            : "stopped by the controller (guard: stop)";

    private Notification Notify(List<WriterFinding> fresh)
    {
        var datasets = string.Join(", ", fresh.Select(f => f.Dataset).Distinct(StringComparer.Ordinal));
        var title = fresh.Any(f => f.Action?.StartsWith("stopped", StringComparison.Ordinal) == true)
            ? $"Second writer on {datasets} stopped"
            : $"Second writer on {datasets}";
        var lines = fresh.Select(f => $"{f.Detail}{(f.Action is { } action ? $"; {action}" : string.Empty)}. What to do: {f.Remedy}");
        return new Notification(NotificationEvent.Writers, title, string.Join('\n', lines), null, time.GetUtcNow());
    }
}
