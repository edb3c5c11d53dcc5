using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Tests;

public sealed class StatusPageTests
{
    [Fact]
    public void The_page_shows_commits_stacks_replications_and_history_escaped()
    {
        var status = ControllerStatus.Starting("branch main") with
        {
            Phase = "idle",
            Applied = "0123456789abcdef",
            Stacks = [new StackState("web", StackSync.Drifted, "update service web_<script>")],
            Replications = [new ReplicationView("vw-to-hermes", ReplicationState.UpToDate, 125, false, true, "up to date")],
            History = [new ApplyRecord("0123456789abcdef", DateTimeOffset.UnixEpoch, ApplyResult.RolledBack, "1 updated", ["web"])],
        };

        var html = StatusPage.Render(status);

        Assert.Contains("<td id=\"applied\"><code>0123456789ab</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("update service web_&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"rolled-back\">rolled back</td>", html, StringComparison.Ordinal);
        Assert.Contains("0.00:02:05", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_shows_a_worker_that_is_down()
    {
        var status = ControllerStatus.Starting("branch main") with
        {
            Nodes = [new NodeView("atlas", "manager", "ready", "active"), new NodeView("hermes", "worker", "down", "active")],
        };

        var html = StatusPage.Render(status);

        Assert.Contains("<tr><td>atlas</td><td>manager</td><td class=\"ready\">ready</td><td>active</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>hermes</td><td>worker</td><td class=\"not-ready\">down</td><td>active</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_shows_each_failover_problem_with_what_to_do_escaped()
    {
        var status = ControllerStatus.Starting("branch main") with
        {
            Failover = new FailoverReport(false, new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), "hermes", "atlas",
            [
                new ReadinessFinding("standby", "hermes", true, "fine"),
                new ReadinessFinding("image", "reg/<img>", false, "not on hermes & its registry <b>runs</b> on atlas", "docker pull \"reg/<img>\""),
            ], new Dictionary<string, double?> { ["tank/<app>"] = 660 }),
        };

        var html = StatusPage.Render(status);

        Assert.Contains("<p id=\"failover\"><b class=\"not-ready\">not ready: 1 problem(s) before hermes can take over from atlas</b> (checked 2026-12-02 08:00:00Z). RPO now: tank/&lt;app&gt; 11m</p>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>image</td><td>reg/&lt;img&gt;</td><td>not on hermes &amp; its registry &lt;b&gt;runs&lt;/b&gt; on atlas</td><td>docker pull &quot;reg/&lt;img&gt;&quot;</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fine", html, StringComparison.Ordinal); // only what stands in the way
        Assert.DoesNotContain("<img>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ready_worker_is_one_line_and_no_check_yet_is_no_section()
    {
        var ready = new FailoverReport(true, DateTimeOffset.UnixEpoch, "hermes", "atlas", [new ReadinessFinding("standby", "hermes", true, "fine")], new Dictionary<string, double?>());

        var html = StatusPage.Render(ControllerStatus.Starting("branch main") with { Failover = ready });

        Assert.Contains("<b class=\"ready\">ready: hermes can take over from atlas</b> (checked 1970-01-01 00:00:00Z)</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("failover-problems", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Failover</h2>", StatusPage.Render(ControllerStatus.Starting("branch main")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_shows_who_writes_each_dataset_and_each_problem_with_what_to_do_and_what_the_guard_did()
    {
        var finding = new WriterFinding("tank/<app>", WriterCheck.Container, "debug", "container debug <x> writes tank/<app>", "docker stop debug")
        {
            Action = "stopped by the controller (guard: stop)",
        };
        var status = ControllerStatus.Starting("branch main") with
        {
            Writers = new WriterReport(DateTimeOffset.UnixEpoch,
            [
                new DatasetWriters("tank/<app>", "atlas", Core.Model.WriterGuard.Stop, 2, ["container db_app.1.x (a task of db_app)", "container debug <x>"], [finding]),
                new DatasetWriters("tank/other", "hermes", Core.Model.WriterGuard.Alert, null, [], []),
            ], ["cannot list the containers on hermes: <refused>"]),
        };

        var html = StatusPage.Render(status);

        Assert.Contains("<tr><td>tank/&lt;app&gt;</td><td>atlas</td><td class=\"failed\">2</td><td>stop</td><td>container db_app.1.x (a task of db_app), container debug &lt;x&gt;</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>tank/other</td><td>hermes</td><td class=\"in-sync\">unknown</td><td>alert</td><td></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\">cannot list the containers on hermes: &lt;refused&gt;</p>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>tank/&lt;app&gt;</td><td>container</td><td>debug</td><td class=\"failed\">container debug &lt;x&gt; writes tank/&lt;app&gt;</td><td>docker stop debug</td><td>stopped by the controller (guard: stop)</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Writers</h2>", StatusPage.Render(ControllerStatus.Starting("branch main")), StringComparison.Ordinal);
    }
}
