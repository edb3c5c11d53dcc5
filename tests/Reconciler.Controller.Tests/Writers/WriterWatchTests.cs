using Microsoft.Extensions.Time.Testing;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Tests.Cycle;
using Reconciler.Controller.Writers;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Tests.Writers;

/// <summary>The cycle's writer check: guard: stop stops what is not the writer (never while suspended), and each problem is notified once.</summary>
public sealed class WriterWatchTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeWriters engines = new();

    public WriterWatchTests() => engines.Containers.Add(FakeWriters.Container("db_app.1.x", "db_app", "/srv/data/app"));

    [Fact]
    public async Task With_alert_a_second_writer_is_notified_once_and_left_running()
    {
        var watch = new WriterWatch(engines, time);
        engines.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app/tmp"));

        var (first, notification) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter()), [], suspended: false, CancellationToken.None);
        var (second, again) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter()), [], suspended: false, CancellationToken.None);

        Assert.Null(Assert.Single(first.Findings).Action);
        Assert.Equal((NotificationEvent.Writers, "Second writer on tank/apps/data"), (notification!.Event, notification.Title));
        Assert.StartsWith("container debug (not a swarm task) on atlas mounts /srv/data/app/tmp read-write", notification.Message, StringComparison.Ordinal);
        Assert.Contains("What to do: stop it (docker stop debug on atlas)", notification.Message, StringComparison.Ordinal);
        Assert.Single(second.Findings);
        Assert.Null(again);
        Assert.Empty(engines.Stopped);
    }

    [Fact]
    public async Task With_stop_the_second_writer_is_stopped_and_named_and_the_writer_is_kept()
    {
        var watch = new WriterWatch(engines, time);
        engines.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app"));
        engines.RunningTasks["db_app"] = 2;
        engines.Containers.Add(FakeWriters.Container("db_app.2.y", "db_app", "/srv/data/app"));

        var (report, notification) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter("stop")), [], suspended: false, CancellationToken.None);

        Assert.Equal(["debug"], engines.Stopped);
        Assert.Equal(
            [(WriterCheck.Container, "debug", "stopped by the controller (guard: stop)"), (WriterCheck.Tasks, "db_app", null)],
            report.Findings.Select(f => (f.Check, f.Subject, f.Action)));
        Assert.Equal("Second writer on tank/apps/data stopped", notification!.Title);
        Assert.Contains("besides its writer db/app; stopped by the controller (guard: stop).", notification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspended_nothing_is_stopped_and_a_failed_stop_says_why()
    {
        var watch = new WriterWatch(engines, time);
        engines.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app"));
        var state = WriterJudgeTests.StateOf(Repositories.WithWriter("stop"));

        var (suspended, _) = await watch.CheckAsync(state, [], suspended: true, CancellationToken.None);
        engines.StopError = "No such container: debug-id";
        var (failed, _) = await watch.CheckAsync(state, [], suspended: false, CancellationToken.None);

        Assert.Equal("not stopped: the controller is suspended", Assert.Single(suspended.Findings).Action);
        Assert.Equal("guard: stop could not stop it: No such container: debug-id", Assert.Single(failed.Findings).Action);
        Assert.Empty(engines.Stopped);
    }

    [Fact]
    public async Task A_second_writer_known_before_guard_stop_is_notified_again_when_it_is_stopped()
    {
        var watch = new WriterWatch(engines, time);
        engines.Containers.Add(FakeWriters.Container("debug", null, "/srv/data/app"));

        var (_, alerted) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter()), [], suspended: false, CancellationToken.None);
        var (_, stopped) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter("stop")), [], suspended: false, CancellationToken.None);

        Assert.Equal("Second writer on tank/apps/data", alerted!.Title);
        Assert.Equal("Second writer on tank/apps/data stopped", stopped!.Title);
        Assert.Equal(["debug"], engines.Stopped);
    }

    [Fact]
    public async Task A_problem_that_goes_and_comes_back_is_notified_again()
    {
        var watch = new WriterWatch(engines, time);
        var state = WriterJudgeTests.StateOf(Repositories.WithWriter());
        var debug = FakeWriters.Container("debug", null, "/srv/data/app");

        engines.Containers.Add(debug);
        var (_, first) = await watch.CheckAsync(state, [], suspended: false, CancellationToken.None);
        engines.Containers.Remove(debug);
        var (clear, none) = await watch.CheckAsync(state, [], suspended: false, CancellationToken.None);
        engines.Containers.Add(debug);
        var (_, again) = await watch.CheckAsync(state, [], suspended: false, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Empty(clear.Findings);
        Assert.Null(none);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task One_container_writing_two_copies_on_one_node_is_two_problems_under_one_name()
    {
        var watch = new WriterWatch(engines, time);
        engines.Containers.Add(FakeWriters.Container("agent", null, "/srv", node: "hermes"));
        ReplicaState Copy(string dataset, string at) => new("data-to-hermes", "tank/apps/data", "hermes", dataset, at, true, 0, "s1");

        var (report, notification) = await watch.CheckAsync(
            WriterJudgeTests.StateOf(Repositories.WithWriter()), [Copy("backup/data", "/srv/c1"), Copy("backup/data2", "/srv/c2")], suspended: false, CancellationToken.None);

        Assert.Equal(["agent", "agent"], report.Findings.Select(f => f.Subject));
        Assert.Equal(2, notification!.Message.Split('\n').Length);
        Assert.Single(report.Actions());
    }

    [Fact]
    public async Task A_node_that_does_not_answer_is_an_error_in_the_report_not_a_failure()
    {
        var watch = new WriterWatch(engines, time);
        engines.Down.Add("atlas");

        var (report, notification) = await watch.CheckAsync(WriterJudgeTests.StateOf(Repositories.WithWriter()), [], suspended: false, CancellationToken.None);

        Assert.Null(notification);
        Assert.Null(report.Datasets[0].Writers);
        Assert.Equal("2 dataset(s) checked at 2026-12-02 08:00:00Z: no second writer; cannot list the containers on atlas: ssh: connect to host: no route to host", report.Describe());
    }
}
