using Microsoft.Extensions.Time.Testing;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Loop;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Core.Model;
using Reconciler.Git.Signatures;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>
/// The cycle's decisions, on a cluster and a git source held in memory: what it applies, records,
/// reports and notifies for each situation. The adapters behind the ports have their own lab tests.
/// </summary>
public sealed partial class ReconcileCycleTests : IDisposable
{
    private readonly string stateDir = Path.Combine(Path.GetTempPath(), "reconciler-cycle-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeSource source = new();
    private readonly FakeCluster cluster;
    private readonly FakeStandby standby;
    private readonly FakeReadiness readiness;
    private readonly FakeWriters writers = new();
    private readonly List<string> phases = [];
    private readonly ControllerOptions options = new();
    private readonly StateStore store;
    private ReconcileCycle? cycle;

    public ReconcileCycleTests()
    {
        cluster = new FakeCluster(time);
        standby = new FakeStandby(time);
        readiness = new FakeReadiness(time);
        store = new StateStore(stateDir);
    }

    private ReconcileCycle Cycle => cycle ??= new ReconcileCycle(options, source, cluster, standby, readiness, writers, store, new Suspension(stateDir), new Phases(phases), time);

    /// <summary>Runs a cycle and records its result, as the controller does between cycles.</summary>
    private async Task<CycleResult> RunAsync()
    {
        var result = await Cycle.RunAsync(CancellationToken.None);
        if (result.Record is { } record)
        {
            store.Record(record, result.ManagedPaths);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        return result;
    }

    private async Task<string> ConvergedAsync(string commit = "c1", string[]? stacks = null, bool storage = false)
    {
        source.Push(commit, Repositories.With(stacks ?? ["web"], storage));
        cluster.Differs.UnionWith(stacks ?? ["web"]);
        Assert.Equal(CycleOutcome.Applied, (await RunAsync()).Outcome);
        return commit;
    }

    [Fact]
    public async Task A_new_tip_is_applied_recorded_and_announced()
    {
        source.Push("c1", Repositories.With(["web", "api"]));
        cluster.Differs.UnionWith(["web", "api"]);

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Applied, result.Outcome);
        Assert.Equal(("c1", ApplyResult.Converged), (result.Record!.Commit, result.Record.Result));
        Assert.Equal([("c1", null, null)], cluster.Applies);
        Assert.Equal("c1", result.State!.InProgress!.Commit); // marked as begun before the first change
        Assert.Equal([("api", StackSync.InSync), ("web", StackSync.InSync)], result.Stacks!.Select(s => (s.Name, s.State)));
        var notification = Assert.Single(result.Notifications);
        Assert.Equal((NotificationEvent.Applied, "Applied c1", "c1"), (notification.Event, notification.Title, notification.Commit));
        Assert.Equal(["fetching", "fetched c1", "validating c1", "planning c1", "applying c1", "refreshing the standby", "checking failover readiness"], phases);
        Assert.Equal("c1", store.Load().LastGoodCommit);
    }

    [Fact]
    public async Task Each_cycle_checks_who_writes_the_datasets_and_notifies_a_second_writer_once()
    {
        await ConvergedAsync();
        Assert.Empty(writers.Asked); // no dataset, nothing to look at
        source.Push("c2", Repositories.WithWriter());
        cluster.Differs.Add("db");
        writers.Containers.Add(FakeWriters.Container("db_app.1.x", "db_app", "/srv/data/app"));
        var applied = await RunAsync();
        Assert.Equal(CycleOutcome.Applied, applied.Outcome);
        Assert.Equal((1, 0), (applied.Writers!.Datasets[0].Writers, applied.Writers.Findings.Count()));
        Assert.Equal("checking who writes the datasets", phases[^2]);

        writers.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app"));
        cluster.Replicas.Add(new ReplicaState("data-to-hermes", "tank/apps/data", "hermes", "backup/data", "/srv/copy", false, 0, "s1"));
        var found = await RunAsync();
        var again = await RunAsync();

        Assert.Equal([WriterCheck.Container, WriterCheck.ReplicaMounted], found.Writers!.Findings.Select(f => f.Check));
        Assert.Equal(["atlas", "hermes"], writers.Asked[^2]);
        var notification = Assert.Single(found.Notifications);
        Assert.Equal((NotificationEvent.Writers, "Second writer on tank/apps/data"), (notification.Event, notification.Title));
        Assert.Equal(2, again.Writers!.Findings.Count());
        Assert.Empty(again.Notifications);
    }

    [Fact]
    public async Task Suspended_the_writers_are_still_checked_the_copies_as_last_seen_but_nothing_is_stopped()
    {
        source.Push("c1", Repositories.WithWriter("stop"));
        cluster.Differs.Add("db");
        cluster.Replicas.Add(new ReplicaState("data-to-hermes", "tank/apps/data", "hermes", "backup/data", null, false, 4096, "s1"));
        Assert.Equal(CycleOutcome.Applied, (await RunAsync()).Outcome);
        new Suspension(stateDir).Suspend();
        writers.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app"));

        var result = await RunAsync();

        Assert.Single(cluster.StorageRuns);
        Assert.Equal([(WriterCheck.Container, "not stopped: the controller is suspended"), (WriterCheck.ReplicaWritten, null)], result.Writers!.Findings.Select(f => (f.Check, f.Action)));
        Assert.StartsWith("container debug", Assert.Single(result.Notifications).Message, StringComparison.Ordinal); // the copy was told before
        Assert.Empty(writers.Stopped);
    }

    [Fact]
    public async Task An_unchanged_tip_in_sync_changes_nothing_and_is_validated_once()
    {
        await ConvergedAsync();

        var again = await RunAsync();
        var third = await RunAsync();

        Assert.Equal((CycleOutcome.InSync, CycleOutcome.InSync), (again.Outcome, third.Outcome));
        Assert.Null(again.Record);
        Assert.Empty(again.Notifications);
        Assert.Single(cluster.Applies);
        Assert.Equal(3, cluster.Plans);
        Assert.Equal(["c1"], source.FilesRead);
    }

    [Fact]
    public async Task Drift_on_an_unchanged_tip_is_corrected_and_announced()
    {
        await ConvergedAsync();
        cluster.Differs.Add("web");

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Healed, result.Outcome);
        Assert.Equal(("c1", null, null), cluster.Applies[^1]);
        Assert.Equal(NotificationEvent.DriftCorrected, Assert.Single(result.Notifications).Event);
        Assert.Contains("update service web_app", result.Notifications[0].Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Differs);
    }

    [Fact]
    public async Task Drift_that_cannot_be_corrected_is_announced_as_a_failure_not_as_corrected()
    {
        await ConvergedAsync();
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Failed, result.Outcome);
        var notification = Assert.Single(result.Notifications);
        Assert.Equal((NotificationEvent.Failed, "Correcting drift on c1 failed"), (notification.Event, notification.Title));
    }

    [Fact]
    public async Task Drift_is_only_reported_when_self_heal_is_off()
    {
        options.SelfHeal = false;
        await ConvergedAsync();
        cluster.Differs.Add("web");

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Drifted, result.Outcome);
        Assert.Single(cluster.Applies);
        var stack = Assert.Single(result.Stacks!);
        Assert.Equal((StackSync.Drifted, "update service web_app"), (stack.State, stack.Reason));
        Assert.Equal("drift found; self-heal is off", phases[^1]);
    }

    [Fact]
    public async Task A_failed_deploy_is_rolled_back_to_the_last_good_commit_and_not_retried()
    {
        await ConvergedAsync();
        source.Push("c2", Repositories.With(["web"], marker: "2"));
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");

        var failed = await RunAsync();

        Assert.Equal(CycleOutcome.Failed, failed.Outcome);
        Assert.Equal((ApplyResult.RolledBack, "c1"), (failed.Record!.Result, cluster.Applies[^1].RollbackTo));
        Assert.Equal(["web"], failed.Record.FailedStacks);
        Assert.Equal((NotificationEvent.RolledBack, "Commit c2 failed and was rolled back"), (failed.Notifications[0].Event, failed.Notifications[0].Title));
        Assert.Equal(StackSync.Failed, Assert.Single(failed.Stacks!).State);
        Assert.Equal("c1", store.Load().LastGoodCommit);

        var next = await RunAsync();

        Assert.Equal(CycleOutcome.InSync, next.Outcome);
        Assert.Equal(2, cluster.Applies.Count);
        Assert.Equal((StackSync.Failed, "commit c2 rolled back"), (next.Stacks![0].State, next.Stacks[0].Reason));
    }

    [Fact]
    public async Task A_failed_first_deploy_has_nothing_to_roll_back_to()
    {
        source.Push("c1", Repositories.With(["web"]));
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");

        var result = await RunAsync();

        Assert.Equal((CycleOutcome.Failed, ApplyResult.Failed), (result.Outcome, result.Record!.Result));
        Assert.Null(cluster.Applies[0].RollbackTo);
        Assert.Equal(NotificationEvent.Failed, result.Notifications[0].Event);
        Assert.Null(store.Load().LastGoodCommit);
    }

    [Fact]
    public async Task An_invalid_commit_is_rejected_with_its_diagnostics_and_never_planned()
    {
        await ConvergedAsync();
        source.Push("c2", Repositories.Invalid("web"));

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectReason.Invalid, result.Rejection!.Reason);
        Assert.Contains(result.Rejection.Problems, p => p.Contains("web/compose.yaml:4", StringComparison.Ordinal));
        Assert.Equal(ApplyResult.Rejected, result.Record!.Result);
        Assert.Equal(1, cluster.Plans);
        var notification = Assert.Single(result.Notifications);
        Assert.Equal(NotificationEvent.Rejected, notification.Event);
        Assert.Contains("It does not validate, so nothing was applied; the cluster stays on c1.", notification.Message, StringComparison.Ordinal);
        Assert.Equal("c1", store.Load().LastGoodCommit);
    }

    [Fact]
    public async Task An_unsigned_commit_is_rejected_before_it_is_read()
    {
        source.VerifiesSignatures = true;
        source.Signatures["c1"] = SignatureVerdict.Good("c1", "alice");
        await ConvergedAsync();
        source.Push("c2", Repositories.With(["web"], marker: "2"));

        var result = await RunAsync();

        Assert.Equal((CycleOutcome.Rejected, RejectReason.Signature), (result.Outcome, result.Rejection!.Reason));
        Assert.Equal(["commit c2: no signature"], result.Rejection.Problems);
        Assert.DoesNotContain("c2", source.FilesRead);
        Assert.Contains("It is not signed by a trusted key", result.Notifications[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_commit_says_who_signed_it()
    {
        source.VerifiesSignatures = true;
        source.Signatures["c1"] = SignatureVerdict.Good("c1", "alice");
        source.Push("c1", Repositories.With(["web"]));

        var result = await RunAsync();

        Assert.Equal((CycleOutcome.Applied, ApplyResult.NoChanges, "signed by alice"), (result.Outcome, result.Record!.Result, result.Signature));
    }

    [Fact]
    public async Task While_suspended_a_new_tip_is_planned_but_nothing_changes()
    {
        await ConvergedAsync(storage: true);
        new Suspension(stateDir).Suspend();
        source.Push("c2", Repositories.With(["web"], storage: true, marker: "2"));
        cluster.Differs.Add("web");

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Drifted, result.Outcome);
        Assert.True(result.Suspended);
        Assert.Single(cluster.Applies);
        Assert.Single(cluster.StorageRuns); // the first cycle's, none while suspended
        Assert.Null(result.Record);
        Assert.Equal(StackSync.Drifted, result.Stacks![0].State);
        Assert.Equal(["suspended: 1 change(s) of c2 wait for resume", "checking who writes the datasets"], phases[^2..]);
    }

    [Fact]
    public async Task When_git_is_down_the_cycle_ends_in_an_error_before_reading_anything()
    {
        source.Unreachable = "could not resolve host";

        var result = await RunAsync();

        Assert.Equal((CycleOutcome.Error, false, "git: could not resolve host"), (result.Outcome, result.Finished, result.Error));
        Assert.Null(result.State);
        Assert.Equal(0, cluster.Plans);
    }

    [Fact]
    public async Task When_the_engine_is_down_nothing_is_recorded_and_the_next_cycle_tries_again()
    {
        source.Push("c1", Repositories.With(["web"]));
        cluster.Differs.Add("web");
        cluster.Down = true;

        var down = await RunAsync();

        Assert.Equal((CycleOutcome.Error, false), (down.Outcome, down.Finished));
        Assert.StartsWith("cannot talk to the Docker Engine", down.Error, StringComparison.Ordinal);
        Assert.Equal("c1", down.Tip);
        Assert.Null(down.Record);
        Assert.Empty(store.Load().History);

        cluster.Down = false;
        Assert.Equal(CycleOutcome.Applied, (await RunAsync()).Outcome);
    }

    [Fact]
    public async Task What_makes_applying_unsafe_stops_the_apply_but_not_the_storage_cycle()
    {
        await ConvergedAsync(storage: true);
        source.Push("c2", Repositories.With(["web"], storage: true, marker: "2"));
        cluster.Differs.Add("web");
        cluster.PlanErrors.Add("dataset tank/apps/data exists and is not managed by reconciler");

        var result = await RunAsync();

        Assert.Equal((CycleOutcome.Error, true), (result.Outcome, result.Finished));
        Assert.Equal("dataset tank/apps/data exists and is not managed by reconciler", result.Error);
        Assert.Single(cluster.Applies);
        Assert.Equal(2, cluster.StorageRuns.Count);
    }

    [Fact]
    public async Task An_interrupted_apply_is_resumed_and_every_service_verified_even_with_an_empty_plan()
    {
        await ConvergedAsync();
        var started = time.GetUtcNow().AddMinutes(-5);
        store.Begin(new ApplyInProgress("c1", started, ["web"]));

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Healed, result.Outcome);
        Assert.Equal(("c1", null, started), cluster.Applies[^1]);
        Assert.Equal(started, result.Resumed!.Started);
        Assert.Null(store.Load().InProgress);
    }

    [Fact]
    public async Task Storage_runs_for_the_last_good_commit_when_the_tip_failed()
    {
        await ConvergedAsync(storage: true);
        source.Push("c2", Repositories.With(["web"], storage: false));
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");

        await RunAsync();

        Assert.Equal(2, cluster.StorageRuns.Count);
        Assert.Single(cluster.StorageRuns[1].Datasets); // c1's dataset: c2 declares none
    }

    [Fact]
    public async Task A_replication_problem_is_announced_once_until_it_changes()
    {
        cluster.Replications.Add(new ReplicationStatus("data-to-hermes", ReplicationState.Failed, TimeSpan.FromHours(1), true, "ssh: connection refused"));
        source.Push("c1", Repositories.With(["web"], storage: true));

        var first = await RunAsync();
        var again = await RunAsync();
        cluster.Replications[0] = new ReplicationStatus("data-to-hermes", ReplicationState.Replicated, TimeSpan.FromMinutes(1), false, "sent");
        var healed = await RunAsync();
        cluster.Replications[0] = new ReplicationStatus("data-to-hermes", ReplicationState.Diverged, TimeSpan.FromMinutes(20), false, "target has data the source does not");
        var diverged = await RunAsync();

        Assert.Equal((NotificationEvent.Replication, "Replication data-to-hermes is lagging", "ssh: connection refused"),
            (first.Notifications[^1].Event, first.Notifications[^1].Title, first.Notifications[^1].Message));
        Assert.Empty(again.Notifications);
        Assert.Empty(healed.Notifications);
        Assert.Equal(ReplicationState.Replicated, Assert.Single(healed.Replications!).State);
        var notification = Assert.Single(diverged.Notifications);
        Assert.Equal((NotificationEvent.Replication, "Replication data-to-hermes is diverged"), (notification.Event, notification.Title));
    }

    [Fact]
    public async Task The_standby_follows_the_last_good_commit_and_a_failed_refresh_is_tried_again()
    {
        await ConvergedAsync();
        Assert.Equal([("c1", "c1")], standby.Refreshes); // sent with the state that names c1 last good

        await RunAsync();
        Assert.Single(standby.Refreshes); // fresh: nothing sent

        source.Push("c2", Repositories.With(["web"], marker: "2"));
        cluster.Differs.Add("web");
        standby.WorkerDown = true;
        var down = await RunAsync();
        Assert.Equal(CycleOutcome.Applied, down.Outcome); // a worker that does not answer fails nothing
        Assert.True(down.StandbyRefreshed);
        Assert.Equal(("c1", "ssh: connect to host 10.231.0.2: no route to host"), (down.Standby!.Written!.Commit, down.Standby.Error));

        standby.WorkerDown = false;
        var back = await RunAsync();
        Assert.Equal(("c2", null), (back.Standby!.Written!.Commit, back.Standby.Error));
        Assert.Equal(3, standby.Refreshes.Count);
    }

    [Fact]
    public async Task A_failed_deploy_and_a_suspended_cycle_leave_the_standby_alone()
    {
        await ConvergedAsync();
        source.Push("c2", Repositories.With(["web"], marker: "2"));
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");
        await RunAsync();
        new Suspension(stateDir).Suspend();
        await RunAsync();

        Assert.Equal([("c1", "c1")], standby.Refreshes);
    }

    [Fact]
    public async Task Failover_readiness_is_checked_on_the_first_cycle_after_a_standby_refresh_and_otherwise_every_checkEvery()
    {
        options.Standby.CheckEvery = Duration.Read("5m");
        await ConvergedAsync(); // 08:00, the first cycle
        var quiet = new List<CycleResult>();
        for (var minute = 1; minute < 5; minute++)
        {
            quiet.Add(await RunAsync());
        }

        var due = await RunAsync(); // 08:05
        source.Push("c2", Repositories.With(["web"], marker: "2"));
        cluster.Differs.Add("web");
        var applied = await RunAsync(); // 08:06: refreshed to c2, checked at once
        var after = await RunAsync();

        Assert.Equal(["c1", "c1", "c2"], readiness.Checks);
        Assert.All(quiet, r => Assert.False(r.FailoverChecked));
        Assert.True(due.FailoverChecked);
        Assert.Equal(("c2 written", true), (applied.Failover!.Findings[0].Detail, applied.Failover.Ready));
        Assert.False(after.FailoverChecked);
    }

    [Fact]
    public async Task A_worker_that_is_down_makes_failover_not_ready_and_fails_nothing()
    {
        source.Push("c1", Repositories.With(["web"], storage: true));
        cluster.Differs.Add("web");
        standby.WorkerDown = true;
        readiness.WorkerDown = true;

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Applied, result.Outcome);
        Assert.True(result.Finished);
        var report = result.Failover!;
        Assert.False(report.Ready);
        var problem = Assert.Single(report.Findings);
        Assert.Equal(("worker", "hermes", false), (problem.Check, problem.Subject, problem.Ok));
        Assert.Equal("cannot check it: ssh: connect to host 10.231.0.2: no route to host", problem.Detail);
        Assert.Contains("over ssh", problem.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_readiness_waits_for_a_last_good_commit_and_a_failed_refresh_does_not_bring_the_check_forward()
    {
        source.Push("c1", Repositories.With(["web"]));
        cluster.Differs.Add("web");
        cluster.Broken.Add("web");
        var failed = await RunAsync(); // nothing good yet: nothing to fail over to
        Assert.False(failed.FailoverChecked);

        cluster.Broken.Clear();
        source.Push("c2", Repositories.With(["web"], marker: "2"));
        cluster.Differs.Add("web");
        await RunAsync(); // applied, refreshed, checked
        standby.WorkerDown = true;
        source.Push("c3", Repositories.With(["web"], marker: "3"));
        cluster.Differs.Add("web");
        var down = await RunAsync(); // applied; the refresh failed

        Assert.True(down.StandbyRefreshed);
        Assert.False(down.FailoverChecked);
        Assert.Equal(["c2"], readiness.Checks);
    }

    [Fact]
    public async Task Without_a_worker_to_check_the_report_is_dropped_not_kept_stale()
    {
        await ConvergedAsync();
        readiness.Kept = false;
        time.Advance(TimeSpan.FromMinutes(5));

        var result = await RunAsync();

        Assert.True(result.FailoverChecked);
        Assert.Null(result.Failover);
    }

    public void Dispose()
    {
        if (Directory.Exists(stateDir))
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>What the status board would show while the cycle runs, in order.</summary>
    private sealed class Phases(List<string> seen) : ICycleProgress
    {
        public void Fetched(string tip, ReconcilerState state, bool suspended) => seen.Add($"fetched {tip}");

        public void Phase(string phase) => seen.Add(phase);
    }

    [Fact]
    public async Task After_a_failover_each_commit_is_planned_through_the_overlay_and_the_overlay_stays_recorded()
    {
        store.Save(ReconcilerState.Empty with { Failover = Failover() });
        source.Push("c1", Repositories.With(["web"], storage: true));
        cluster.Differs.Add("web");

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Applied, result.Outcome);
        var planned = cluster.Planned.Single();
        var node = Assert.Single(planned.Cluster!.Nodes);
        Assert.Equal(("hermes", Core.Model.NodeRole.Manager, "local"), (node.Name, node.Role, node.Address));
        Assert.Equal(("backup/data", "hermes", "/srv/data/app"), (planned.Datasets[0].Name, planned.Datasets[0].Node, planned.Datasets[0].Mountpoint));
        Assert.Empty(planned.Replications);
        Assert.Equal("hermes", cluster.StorageRuns.Single().Datasets[0].Node);
        Assert.Equal(1, store.Load().Failover!.Overlay.Epoch);
    }

    [Fact]
    public async Task After_a_failover_a_commit_the_overlay_cannot_map_is_rejected_with_why()
    {
        store.Save(ReconcilerState.Empty with { Failover = Failover() });
        var files = new Dictionary<string, string>(Repositories.With(["web"], storage: true), StringComparer.Ordinal);
        files["storage.yaml"] = files["storage.yaml"].Split("---")[0];
        source.Push("c1", files);

        var result = await RunAsync();

        Assert.Equal(CycleOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Rejection!.Problems, p => p.StartsWith("the failover overlay cannot map Dataset tank/apps/data: it lives on atlas and no Replication sends it to hermes", StringComparison.Ordinal));
        Assert.Empty(cluster.Applies);
    }

    [Fact]
    public async Task A_manager_the_worker_took_over_from_fences_itself_on_its_first_cycle_and_changes_nothing()
    {
        var fence = new FenceRecord(time.GetUtcNow(), "hermes took over from atlas at 2026-12-02 08:00:00Z (epoch 1)", 1, "hermes", ["tank/apps/data"]);
        fence.Save(stateDir); // as the real guard does
        standby.TookOver = fence;
        source.Push("c1", Repositories.With(["web"]));
        cluster.Differs.Add("web");

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.True(first.Suspended);
        Assert.Empty(cluster.Applies);
        Assert.Same(fence, first.Fence);
        var notification = Assert.Single(first.Notifications);
        Assert.Equal((NotificationEvent.Fenced, "Fenced: hermes took over or cannot tell"), (notification.Event, notification.Title));
        Assert.Contains("tank/apps/data read-only and unmounted", notification.Message, StringComparison.Ordinal);
        Assert.Equal(1, standby.Guards); // asked once, on the first cycle
        Assert.Null(second.Fence);
        Assert.True(second.Suspended);
    }

    private FailoverRecord Failover() => new(
        new Core.Recovery.FailoverOverlay("atlas", "hermes", 1, time.GetUtcNow(), new Dictionary<string, TimeSpan> { ["tank/apps/data"] = TimeSpan.FromMinutes(11) }), "c0")
    {
        Applied = true,
    };
}
