using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Loop;
using Reconciler.Controller.Metrics;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>How a cycle's result becomes the state file, status, metrics and notifications.</summary>
public sealed class CycleReporterTests : IDisposable
{
    private readonly string stateDir = Path.Combine(Path.GetTempPath(), "reconciler-report-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly StatusBoard status = new("branch main of file:///repo");
    private readonly ControllerMetrics metrics = new();
    private readonly CapturingHandler handler = new();
    private readonly Notifier notifier;
    private readonly CycleReporter reporter;

    public CycleReporterTests()
    {
        notifier = new Notifier([new NotificationTarget { Type = "webhook", Url = "http://127.0.0.1:9/hook" }], new HttpClient(handler), NullLogger<Notifier>.Instance);
        reporter = new CycleReporter(status, metrics, notifier, new StateStore(stateDir), time, NullLogger<CycleReporter>.Instance);
    }

    [Fact]
    public async Task An_applied_commit_is_recorded_shown_and_counted()
    {
        var record = new ApplyRecord("c1c1c1c1c1c1", time.GetUtcNow(), ApplyResult.Converged, "1 created", []);
        reporter.Report(new CycleResult(CycleOutcome.Applied, ReconcilerState.Empty)
        {
            Tip = "c1c1c1c1c1c1",
            Record = record,
            ManagedPaths = [new ManagedPath("atlas", "/srv/app")],
            Stacks = [new StackState("web", StackSync.InSync, string.Empty)],
            Replications = [new ReplicationView("data-to-hermes", ReplicationState.Replicated, 60, false, true, "sent")],
            Duration = TimeSpan.FromSeconds(3),
        });

        var state = new StateStore(stateDir).Load();
        Assert.Equal(("c1c1c1c1c1c1", new ManagedPath("atlas", "/srv/app")), (state.LastGoodCommit, Assert.Single(state.Paths)));
        var now = status.Current;
        Assert.Equal(("idle", true, "c1c1c1c1c1c1", "c1c1c1c1c1c1", null), (now.Phase, now.Ready, now.Applied, now.LastGood, now.LastError));
        Assert.Equal(StackSync.InSync, Assert.Single(now.Stacks).State);
        Assert.Equal(ReplicationState.Replicated, Assert.Single(now.Replications).State);
        var text = await MetricsAsync();
        Assert.Contains("reconciler_cycles_total{result=\"applied\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("reconciler_applied_commit_info{commit=\"c1c1c1c1c1c1\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("reconciler_replication_healthy{replication=\"data-to-hermes\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("reconciler_drifted_stacks 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_writes_each_dataset_is_shown_and_counted_and_a_dataset_that_went_is_no_series_any_more()
    {
        var second = new WriterFinding("tank/app", WriterCheck.Container, "debug", "container debug writes tank/app", "docker stop debug");
        DatasetWriters Dataset(string name, int? writers, params WriterFinding[] findings) =>
            new(name, "atlas", Core.Model.WriterGuard.Alert, writers, [], findings);

        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty)
        {
            Writers = new WriterReport(time.GetUtcNow(), [Dataset("tank/app", 2, second), Dataset("tank/old", 1)], []),
        });
        var first = await MetricsAsync();
        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty)
        {
            Writers = new WriterReport(time.GetUtcNow(), [Dataset("tank/app", null)], ["cannot list the containers on atlas: refused"]),
        });
        var then = await MetricsAsync();

        Assert.Contains("reconciler_dataset_writers{dataset=\"tank/app\"} 2", first, StringComparison.Ordinal);
        Assert.Contains("reconciler_dataset_writer_problems{dataset=\"tank/app\"} 1", first, StringComparison.Ordinal);
        Assert.Contains("reconciler_dataset_writers{dataset=\"tank/old\"} 1", first, StringComparison.Ordinal);
        Assert.Contains("reconciler_dataset_writers{dataset=\"tank/app\"} NaN", then, StringComparison.Ordinal);
        Assert.Contains("reconciler_dataset_writer_problems{dataset=\"tank/app\"} 0", then, StringComparison.Ordinal);
        Assert.DoesNotContain("tank/old", then, StringComparison.Ordinal);
        Assert.Equal(["cannot list the containers on atlas: refused"], status.Current.Writers!.Errors);
    }

    [Fact]
    public async Task A_rejected_commit_is_counted_by_reason_and_leaves_the_last_good_commit()
    {
        new StateStore(stateDir).Record(new ApplyRecord("c1", time.GetUtcNow(), ApplyResult.Converged, "1 created", []));
        reporter.Report(new CycleResult(CycleOutcome.Rejected, new StateStore(stateDir).Load())
        {
            Tip = "c2",
            Rejection = new Rejection(RejectReason.Signature, ["commit c2: no signature"]),
            Record = new ApplyRecord("c2", time.GetUtcNow(), ApplyResult.Rejected, "1 problem(s): commit c2: no signature", []),
        });

        Assert.Equal(("c1", ApplyResult.Rejected), (status.Current.LastGood, status.Current.History[0].Result));
        Assert.Equal("c1", status.Current.Applied);
        Assert.Contains("reconciler_commits_rejected_total{reason=\"signature\"} 1", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tip_a_cycle_works_on_shows_before_its_result()
    {
        reporter.Fetched("c2", new ReconcilerState("c1", [new ApplyRecord("c1", time.GetUtcNow(), ApplyResult.Converged, "1 created", [])]), suspended: false);
        reporter.Phase("applying c2");

        var now = status.Current;
        Assert.Equal(("c2", "c1", "applying c2", false), (now.Tip, now.LastGood, now.Phase, now.Ready));
    }

    [Fact]
    public async Task A_standby_whose_refresh_failed_shows_as_stale_in_status_and_metrics()
    {
        var written = new StandbyManifest("c1", time.GetUtcNow(), "atlas", 0, new Dictionary<string, string>());
        reporter.Report(new CycleResult(CycleOutcome.Applied, new ReconcilerState("c2", []))
        {
            Tip = "c2",
            Standby = new StandbyRecord("hermes", "/var/lib/reconciler/standby", written, time.GetUtcNow(), "ssh: no route to host"),
            StandbyRefreshed = true,
        });

        var view = status.Current.Standby!;
        Assert.Equal(("hermes", "c1", false), (view.Node, view.Commit, view.Fresh));
        Assert.Contains("failed: ssh: no route to host", view.Problem, StringComparison.Ordinal);
        Assert.Contains("reconciler_standby_fresh 0", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_readiness_shows_in_status_and_metrics_with_the_RPO_of_each_replicated_writer()
    {
        var metricsBefore = await MetricsAsync();
        var report = new FailoverReport(false, time.GetUtcNow(), "hermes", "atlas",
        [
            new ReadinessFinding("replica", "tank/app", true, "hermes:backup/app: RPO 11m (maxLag 30m)"),
            new ReadinessFinding("image", "10.0.0.1:5000/app:1.0", false, "not on hermes", "pull it on hermes now"),
        ], new Dictionary<string, double?> { ["tank/app"] = 660, ["tank/db"] = null });

        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty) { Tip = "c1", Failover = report, FailoverChecked = true });

        Assert.DoesNotContain("\nreconciler_failover_ready ", metricsBefore, StringComparison.Ordinal); // not 0 before anything was checked
        Assert.Same(report, status.Current.Failover);
        var text = await MetricsAsync();
        Assert.Contains("reconciler_failover_ready 0", text, StringComparison.Ordinal);
        Assert.Contains("reconciler_failover_rpo_seconds{dataset=\"tank/app\"} 660", text, StringComparison.Ordinal);
        Assert.Contains("reconciler_failover_rpo_seconds{dataset=\"tank/db\"} NaN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cycle_that_did_not_check_keeps_the_last_report_and_a_check_with_nothing_to_check_drops_it()
    {
        var report = new FailoverReport(true, time.GetUtcNow(), "hermes", "atlas", [], new Dictionary<string, double?> { ["tank/app"] = 60 });
        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty) { Tip = "c1", Failover = report, FailoverChecked = true });
        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty) { Tip = "c1" });
        Assert.Same(report, status.Current.Failover);
        Assert.Contains("reconciler_failover_ready 1", await MetricsAsync(), StringComparison.Ordinal);

        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty) { Tip = "c1", FailoverChecked = true });

        Assert.Null(status.Current.Failover);
        var text = await MetricsAsync();
        Assert.DoesNotContain("\nreconciler_failover_ready ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reconciler_failover_rpo_seconds{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_cut_short_keeps_showing_its_error_and_does_not_become_ready()
    {
        reporter.Report(new CycleResult(CycleOutcome.Error, ReconcilerState.Empty) { Tip = "c1", Error = "cannot talk to the Docker Engine: refused", Finished = false });

        var now = status.Current;
        Assert.Equal(("error", false, "c1", "cannot talk to the Docker Engine: refused"), (now.Phase, now.Ready, now.Tip, now.LastError));
        Assert.Empty(new StateStore(stateDir).Load().History);
    }

    [Fact]
    public void An_error_the_cycle_finished_after_is_shown_until_a_cycle_without_one()
    {
        reporter.Report(new CycleResult(CycleOutcome.Error, ReconcilerState.Empty) { Tip = "c1", Error = "a dataset is not ours" });
        Assert.Equal(("idle", true, "a dataset is not ours"), (status.Current.Phase, status.Current.Ready, status.Current.LastError));

        reporter.Report(new CycleResult(CycleOutcome.InSync, ReconcilerState.Empty) { Tip = "c1" });
        Assert.Null(status.Current.LastError);
    }

    [Fact]
    public async Task The_notifications_the_cycle_decided_are_delivered()
    {
        using var stop = new CancellationTokenSource();
        var delivering = notifier.DeliverAsync(stop.Token);

        reporter.Report(new CycleResult(CycleOutcome.Rejected, ReconcilerState.Empty)
        {
            Tip = "c2",
            Notifications = [new Notification(NotificationEvent.Rejected, "Commit c2 rejected", "It does not validate", "c2", time.GetUtcNow())],
        });

        var body = await handler.First.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await delivering.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        Assert.Contains("\"event\":\"rejected\"", body, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Commit c2 rejected\"", body, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(stateDir))
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private async Task<string> MetricsAsync()
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A notification target that keeps the first body it receives.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public TaskCompletionSource<string> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            First.TrySetResult(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
