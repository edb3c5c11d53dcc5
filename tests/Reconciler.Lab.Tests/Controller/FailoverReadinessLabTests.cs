using System.Text.Json.Nodes;
using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests.Controller;

/// <summary>
/// The controller on atlas checks, as `reconciler check failover` does, that hermes could take
/// over, and shows it in /status, /metrics and the page: not ready while a Path is declared only
/// for atlas, ready once the commit that adds hermes is applied (the standby refresh brings the
/// check forward, without waiting for checkEvery).
/// </summary>
public sealed class FailoverReadinessLabTests
{
    [LabFact]
    public async Task Status_metrics_and_the_page_say_whether_the_worker_could_take_over_and_what_stands_in_the_way()
    {
        await using var lab = new ControllerLab();
        var id = lab.Name("ready");
        var path = $"/srv/{id}-cfg";
        lab.Stack(id, "services: {}\n");
        WritePath(lab, id, path, $", nodes: [{Lab.Manager}]");
        var first = lab.Push("a path only on the manager");
        try
        {
            await lab.StartAsync(standby: $", checkEvery: 1h, workerDockerHost: \"{Lab.WorkerDockerHost}\", "
                + $"workerReconciler: \"dotnet {Path.Combine(AppContext.BaseDirectory, "reconciler.dll")}\"");

            var blocked = (await lab.WaitForAsync(s => s.LastGood == first && s.Failover is not null)).Failover!;
            Assert.False(blocked.Ready);
            var problem = Assert.Single(blocked.Problems);
            Assert.Equal(("path", path), (problem.Check, problem.Subject));
            Assert.Equal($"declared only for {Lab.Manager}; services bound to it cannot run on {Lab.Worker}", problem.Detail);
            Assert.Contains(blocked.Findings, f => f is { Check: "standby", Ok: true } && f.Detail.StartsWith(first[..12], StringComparison.Ordinal));
            Assert.Contains(blocked.Findings, f => f is { Check: "reconciler", Ok: true });
            Assert.Contains("\nreconciler_failover_ready 0", await lab.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            var page = await lab.Http.GetStringAsync("/");
            Assert.Contains($"<b class=\"not-ready\">not ready: 1 problem(s) before {Lab.Worker} can take over from {Lab.Manager}</b>", page, StringComparison.Ordinal);
            Assert.Contains($"<tr><td>path</td><td>{path}</td><td>declared only for {Lab.Manager}; services bound to it cannot run on {Lab.Worker}</td>", page, StringComparison.Ordinal);

            // The fix, as the remedy says: the Path on every node. Its apply creates it on hermes and refreshes the standby; the check follows.
            WritePath(lab, id, path, string.Empty);
            var second = lab.Push("the path on both nodes");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await lab.WebhookAsync()).StatusCode);
            var ready = (await lab.WaitForAsync(s => s.LastGood == second && s.Failover is { Ready: true })).Failover!;

            Assert.Contains(ready.Findings, f => f is { Check: "path", Ok: true } && f.Subject == path);
            Assert.True(ready.CheckedAt > blocked.CheckedAt);
            var json = JsonNode.Parse(await lab.Http.GetStringAsync("/status"))!["failover"]!;
            Assert.True(json["ready"]!.GetValue<bool>());
            Assert.Equal((Lab.Worker, Lab.Manager), (json["worker"]!.GetValue<string>(), json["manager"]!.GetValue<string>()));
            Assert.Contains("\nreconciler_failover_ready 1", await lab.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", path);
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", path);
        }
    }

    private static void WritePath(ControllerLab lab, string id, string path, string nodes) => lab.Write("paths.yaml", $$"""
        apiVersion: reconciler/v1
        kind: Path
        metadata: {name: {{id}}-cfg}
        spec: {path: {{path}}, owner: 1000, group: 1000, mode: "0750"{{nodes}}}
        """);
}
