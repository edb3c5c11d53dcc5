using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Reconciler.Controller.Http;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.Status;
using Reconciler.Storage.Nodes;
using static Reconciler.Controller.Tests.Recovery.FailoverFixture;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>The report `check failover --json` prints and /status shows: verdict, RPO per replicated writer, one line for `reconciler status`.</summary>
public sealed class FailoverReportTests
{
    [Fact]
    public void The_report_carries_the_RPO_of_each_replicated_writer_and_unknown_when_the_replica_is_missing()
    {
        var ready = FailoverReadiness.Report(Ready(), Now);
        var missing = FailoverReadiness.Report(Ready() with { Replicas = new Dictionary<string, ReplicaObservation>() }, Now);

        Assert.True(ready.Ready);
        Assert.Equal((Now, "hermes", "atlas"), (ready.CheckedAt, ready.Worker, ready.Manager));
        Assert.Equal(new Dictionary<string, double?> { ["tank/app"] = 660 }, ready.RpoSeconds);
        Assert.Equal("ready: hermes can take over from atlas (checked 2026-12-02 12:00:00Z)", ready.Describe());
        Assert.False(missing.Ready);
        Assert.Equal(new Dictionary<string, double?> { ["tank/app"] = null }, missing.RpoSeconds);
        Assert.Equal("not ready: 1 problem(s) before hermes can take over from atlas (checked 2026-12-02 12:00:00Z); first: replica tank/app: hermes:backup/app does not exist yet",
            missing.Describe());
    }

    [Fact]
    public void A_worker_that_cannot_be_asked_is_one_problem_that_says_why_and_leaves_the_RPO_unknown()
    {
        var report = FailoverReadiness.Unreachable(Desired(), "atlas", "hermes", "ssh: no route to host", Now);

        Assert.False(report.Ready);
        var problem = Assert.Single(report.Findings);
        Assert.Equal(("worker", "hermes", false, "cannot check it: ssh: no route to host"), (problem.Check, problem.Subject, problem.Ok, problem.Detail));
        Assert.Equal("bring hermes back and make sure atlas reaches it over ssh: a failover runs there", problem.Remedy);
        Assert.Equal(new Dictionary<string, double?> { ["tank/app"] = null }, report.RpoSeconds);
    }

    [Fact]
    public async Task A_worker_whose_shell_fails_is_not_ready_with_what_it_said_and_nothing_is_thrown()
    {
        var nodes = new StorageNodes([new StorageNode("hermes", new UnreachableShell())]);
        var observer = new FailoverObserver(nodes, null, new FailoverTarget("atlas", "hermes", "/var/lib/reconciler", null, ["reconciler"]));

        var report = await observer.CheckAsync(Desired(), Commit, new FakeTimeProvider(Now), CancellationToken.None);

        Assert.False(report.Ready);
        var problem = Assert.Single(report.Findings);
        Assert.Equal("worker", problem.Check);
        Assert.StartsWith("cannot check it: on hermes: `zfs ", problem.Detail, StringComparison.Ordinal);
        Assert.EndsWith("(exit 255): ssh: connect to host 10.0.0.2 port 22: No route to host", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void In_status_JSON_it_is_the_failover_object_of_check_failover_json_and_reads_back()
    {
        var report = FailoverReadiness.Report(Ready() with { WorkerImages = new HashSet<string>() }, Now);
        var status = ControllerStatus.Starting("branch main") with { Failover = report };

        var json = JsonSerializer.Serialize(status, ControllerHost.Json);

        var failover = JsonNode.Parse(json)!["failover"]!.AsObject();
        Assert.Equal(["ready", "checkedAt", "worker", "manager", "findings", "rpoSeconds"], failover.Select(p => p.Key));
        Assert.Equal(["check", "subject", "ok", "detail", "remedy"], failover["findings"]![0]!.AsObject().Select(p => p.Key));
        Assert.False(failover["ready"]!.GetValue<bool>());
        Assert.Equal(660, failover["rpoSeconds"]!["tank/app"]!.GetValue<double>());
        var back = JsonSerializer.Deserialize<ControllerStatus>(json, ControllerHost.Json)!.Failover!;
        Assert.Equal((report.Ready, report.CheckedAt, report.Describe()), (back.Ready, back.CheckedAt, back.Describe()));
        Assert.Equal(report.Findings, back.Findings);
    }

    /// <summary>A node behind ssh that does not answer: every command exits 255 with ssh's complaint.</summary>
    private sealed class UnreachableShell : INodeShell
    {
        public string Address => "root@10.0.0.2";

        public bool RunsHere => false;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) =>
            ["sh", "-c", "echo 'ssh: connect to host 10.0.0.2 port 22: No route to host' >&2; exit 255"];
    }
}
