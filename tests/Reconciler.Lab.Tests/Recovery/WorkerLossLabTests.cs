using System.Diagnostics;
using Reconciler.Controller.Status;
using Reconciler.Lab.Tests.Controller;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Snapshots;
using Xunit.Abstractions;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// The worker is lost, then comes back: the controller on atlas replicates a dataset to hermes
/// and runs a stack that rebalances; hermes's network is cut for longer than maxLag. All in real
/// time, on a schedule of seconds: the controller's clock also judges Swarm's update times, so it
/// cannot be moved forward. While hermes is away the status names it down, the lag grows past
/// maxLag and is announced once, failover is not ready, and nothing piles up; when it returns,
/// the replication catches up incrementally and the stack is spread again.
/// </summary>
[Collection(WholeSwarm.Name)]
public sealed class WorkerLossLabTests(ITestOutputHelper log)
{
    private const int MaxLag = 40;

    [LabFact]
    public async Task A_lost_worker_shows_down_lags_without_piling_up_and_on_return_catches_up_and_gets_its_tasks_back()
    {
        await using var lab = new ControllerLab();
        var id = lab.Name("wl");
        var (source, target, copy) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy", $"{id}-copy");
        WriteRepository(lab, id, source, target);
        var commit = lab.Push("a replicated dataset and a stack spread over both nodes");
        using var docker = Lab.Connect();
        var cut = false;
        try
        {
            await lab.StartAsync(standby: $", checkEvery: 1m, workerDockerHost: \"{Lab.WorkerDockerHost}\", "
                + $"workerReconciler: \"dotnet {Path.Combine(AppContext.BaseDirectory, "reconciler.dll")}\"");
            await lab.WaitForAsync(s => s.LastGood == commit && Replication(s, copy) is { Healthy: true } && s.Failover is not null);
            await SpreadAsync(docker, $"{id}_app");
            var replicated = (await LabShell.SnapshotsAsync(Lab.Worker, target))[^1];

            await LabPartition.CutAsync();
            cut = true;
            var lost = Stopwatch.StartNew();
            await SwarmMarksDownAsync(docker);
            log.WriteLine($"swarm marked {Lab.Worker} down after {lost.Elapsed.TotalSeconds:F1}s");
            var down = await lab.WaitForAsync(s => s.Nodes.Any(n => n.Name == Lab.Worker && n.State == "down"));
            log.WriteLine($"status shows {Lab.Worker} down after {lost.Elapsed.TotalSeconds:F1}s");
            Assert.Contains(down.Nodes, n => n is { Role: "manager", Up: true });
            await WaitForAsync(async () => (await LabTasks.RunningPerNodeAsync(docker, $"{id}_app")).GetValueOrDefault(Lab.Manager) == 2, "the worker's task moved to the manager");
            log.WriteLine($"its task runs on {Lab.Manager} after {lost.Elapsed.TotalSeconds:F1}s");

            // Within maxLag: the replication failed (said once), the lag is still known and below the limit.
            var within = Replication(await lab.WaitForAsync(s => Replication(s, copy) is { State: ReplicationState.Failed }), copy)!;
            Assert.False(within.Lagging);
            Assert.InRange(within.LagSeconds!.Value, 0, MaxLag);
            // The last send may have happened between the look above and the cut.
            var last = System.Text.RegularExpressions.Regex.Match(within.Detail, $"^{Lab.Worker} could not be observed; the target had (reconciler_\\S+) when last seen$").Groups[1].Value;
            Assert.True(string.CompareOrdinal(last, replicated) >= 0, within.Detail);

            // Past maxLag: lagging, announced once; the metric follows; failover is not possible now.
            var past = await lab.WaitForAsync(s => Replication(s, copy) is { Lagging: true } && s.Failover is { Ready: false } f && f.CheckedAt > DateTimeOffset.UtcNow - lost.Elapsed);
            log.WriteLine($"lagging (lag {Replication(past, copy)!.LagSeconds:F0}s > maxLag {MaxLag}s) after {lost.Elapsed.TotalSeconds:F1}s");
            log.WriteLine($"failover not ready: {string.Join("; ", past.Failover!.Problems.Select(p => $"{p.Check} {p.Subject}: {p.Detail}"))}");
            var metrics = await lab.Http.GetStringAsync("/metrics");
            Assert.Contains($"reconciler_node_up{{node=\"{Lab.Worker}\"}} 0", metrics, StringComparison.Ordinal);
            Assert.Contains($"reconciler_replication_healthy{{replication=\"{copy}\"}} 0", metrics, StringComparison.Ordinal);
            Assert.True(Gauge(metrics, $"reconciler_replication_lag_seconds{{replication=\"{copy}\"}}") > MaxLag, metrics);

            // Nothing piles up: more cycles add no announcement, the source keeps its grid (3x10s) and the base, no transfer waits.
            var cycles = past.LastCycle;
            await lab.WaitForAsync(s => s.LastCycle > cycles + TimeSpan.FromSeconds(10));
            Assert.Equal(["Replication " + copy + " is failed", "Replication " + copy + " is lagging"], ReplicationTitles(lab));
            var now = DateTimeOffset.UtcNow;
            var kept = await LabShell.SnapshotsAsync(Lab.Manager, source);
            Assert.Contains(last, kept);
            Assert.All(kept.Where(s => s != last), s => Assert.InRange(SnapshotName.TimeOf("reconciler", s)!.Value, now - TimeSpan.FromSeconds(40), now));
            Assert.Empty(Transfers(source));
            log.WriteLine($"kept on the source after {lost.Elapsed.TotalSeconds:F0}s away: {string.Join(", ", kept)}");

            // hermes comes back: the replication catches up from the last common snapshot, without a full send or force; its task comes back.
            await LabPartition.ReconnectAsync();
            cut = false;
            var back = Stopwatch.StartNew();
            var caught = await lab.WaitForAsync(s => Replication(s, copy) is { Healthy: true, State: ReplicationState.Replicated } && s.Nodes.Any(n => n.Name == Lab.Worker && n.Up), TimeSpan.FromMinutes(3));
            log.WriteLine($"caught up {back.Elapsed.TotalSeconds:F1}s after the link came back: {Replication(caught, copy)!.Detail}");
            // Incremental from the base it kept (or, if hermes's return showed in Swarm only after a further cycle, from a later one that followed it).
            var from = System.Text.RegularExpressions.Regex.Match(Replication(caught, copy)!.Detail, "^sent (reconciler_\\S+) → reconciler_").Groups[1].Value;
            Assert.True(string.CompareOrdinal(from, last) >= 0, Replication(caught, copy)!.Detail);
            Assert.Contains($"reconciler_replication_healthy{{replication=\"{copy}\"}} 1", await lab.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.Equal((await LabShell.SnapshotsAsync(Lab.Manager, source))[^1], (await LabShell.SnapshotsAsync(Lab.Worker, target))[^1]);
            await WaitForAsync(() => Task.FromResult(lab.Notifications.Events.Contains("rebalanced")), "the stack was rebalanced");
            log.WriteLine($"rebalanced {back.Elapsed.TotalSeconds:F1}s after the link came back");
            Assert.Equal(new Dictionary<string, int> { [Lab.Manager] = 1, [Lab.Worker] = 1 }, await LabTasks.RunningPerNodeAsync(docker, $"{id}_app"));
            Assert.Equal(2, ReplicationTitles(lab).Count);
        }
        finally
        {
            if (cut)
            {
                await LabPartition.ReconnectAsync();
            }

            await WaitForAsync(async () => (await docker.Swarm.ListNodesAsync()).Any(n => n.Description?.Hostname == Lab.Worker && n.Status?.State == "ready"), $"{Lab.Worker} ready again");
            await LabCleanup.RemoveStacksAsync(docker, [id]);
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    private static ReplicationView? Replication(ControllerStatus status, string name) => status.Replications.FirstOrDefault(r => r.Name == name);

    private static List<string> ReplicationTitles(ControllerLab lab) =>
        lab.Notifications.Received.Where(n => n["event"]!.GetValue<string>() == "replication").Select(n => n["title"]!.GetValue<string>()).ToList();

    private static double Gauge(string metrics, string series) =>
        double.Parse(metrics.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>zfs send or receive processes of the dataset still running on atlas (the test runs there).</summary>
    private static List<string> Transfers(string source) =>
        Directory.EnumerateDirectories("/proc").Where(p => Path.GetFileName(p).All(char.IsAsciiDigit)).Select(CommandLine)
            .Where(c => c.Contains(source, StringComparison.Ordinal) && (c.Contains("send", StringComparison.Ordinal) || c.Contains("receive", StringComparison.Ordinal))).ToList();

    private static string CommandLine(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            // The process ended between the listing and the read.
            return string.Empty;
        }
    }

    /// <summary>Swarm spreads two replicas over two nodes; waits until it has.</summary>
    private static Task SpreadAsync(Docker.DotNet.IDockerClient docker, string service) =>
        WaitForAsync(async () => (await LabTasks.RunningPerNodeAsync(docker, service)) is { Count: 2 } spread && spread.Values.All(v => v == 1), $"{service} runs on both nodes");

    private static Task SwarmMarksDownAsync(Docker.DotNet.IDockerClient docker) =>
        WaitForAsync(async () => (await docker.Swarm.ListNodesAsync()).Any(n => n.Description?.Hostname == Lab.Worker && n.Status?.State == "down"), $"the swarm marks {Lab.Worker} down");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"not within 2 minutes: {what}");
    }

    private static void WriteRepository(ControllerLab lab, string id, string source, string target)
    {
        lab.Write("storage.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: {{source}}}
            spec: {node: {{Lab.Manager}}, mountpoint: /srv/{{id}}/src, owner: 0, group: 0, mode: "0755", snapshots: {every: 10s, keep: "3x10s"} }
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: {{id}}-copy}
            spec: {source: {{source}}, target: {node: {{Lab.Worker}}, dataset: {{target}}}, every: 10s, maxLag: {{MaxLag}}s}
            """);
        lab.SpreadStack(id);
    }
}
