using System.Diagnostics;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests.Controller;

/// <summary>
/// A second writer at run time, against the lab's engines and pools: a container started by hand
/// on atlas with a subdirectory of a writer's dataset read-write is reported, then stopped once
/// the Dataset says guard: stop; the writer scaled to two by hand is reported (self-heal off, so
/// the scale stays); and on hermes, a copy mounted with a container writing into it, then
/// unmounted, is reported before the next receive.
/// </summary>
public sealed class WriterLabTests
{
    [LabFact]
    public async Task A_second_container_on_a_dataset_is_reported_stopped_with_guard_stop_and_the_writer_scaled_by_hand_is_reported()
    {
        var lab = new ControllerLab();
        var id = lab.Name("wr");
        var (dataset, mountpoint, intruder) = ($"{Lab.ManagerPool}/{id}", $"/srv/{id}", $"{id}-intruder");
        using var docker = Lab.Connect();
        try
        {
            lab.Stack(id, $$"""
                services:
                  db:
                    image: {{Lab.Image}}
                    command: [sleep, "86400"]
                    volumes: [{{mountpoint}}:/data]
                    deploy:
                      replicas: 1
                      placement: {constraints: [node.hostname == {{Lab.Manager}}]}
                """);
            WriteDataset(lab, id, dataset, mountpoint, "alert");
            var first = lab.Push("a writer and its dataset");
            await lab.StartAsync(extra: "selfHeal: false");
            var clean = await lab.WaitForAsync(s => s.LastGood == first && Dataset(s)?.Writers == 1);
            Assert.Empty(clean.Writers!.Findings);
            Assert.Equal([$"container {id}_db."], Dataset(clean)!.Containers.Select(c => c[..(c.IndexOf('.', StringComparison.Ordinal) + 1)]));

            // Someone starts a container by hand with a subdirectory of the dataset, read-write.
            await LabShell.OnAsync(Lab.Manager, "mkdir", "-p", $"{mountpoint}/uploads");
            await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = intruder,
                Image = Lab.Image,
                Cmd = ["sleep", "86400"],
                HostConfig = new HostConfig { Binds = [$"{mountpoint}/uploads:/uploads"] },
            });
            await docker.Containers.StartContainerAsync(intruder, new ContainerStartParameters());
            await lab.SyncAsync();
            var alerted = await lab.WaitForAsync(s => s.Writers?.Findings.Any(f => f.Subject == intruder) == true);

            var finding = alerted.Writers!.Findings.Single();
            Assert.Equal(WriterCheck.Container, finding.Check);
            Assert.Equal($"container {intruder} (not a swarm task) on {Lab.Manager} mounts {mountpoint}/uploads read-write: it writes {dataset} besides its writer {id}/db", finding.Detail);
            Assert.Null(finding.Action);
            Assert.Equal(2, Dataset(alerted)!.Writers);
            var metrics = await lab.Http.GetStringAsync("/metrics");
            Assert.Contains($"reconciler_dataset_writers{{dataset=\"{dataset}\"}} 2", metrics, StringComparison.Ordinal);
            Assert.Contains($"reconciler_dataset_writer_problems{{dataset=\"{dataset}\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"<td>container</td><td>{intruder}</td>", await lab.Http.GetStringAsync("/"), StringComparison.Ordinal);
            var notified = await NotifiedAsync(lab, $"Second writer on {dataset}");
            Assert.StartsWith($"container {intruder} (not a swarm task)", notified["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True((await docker.Containers.InspectContainerAsync(intruder)).State?.Running); // alert only

            // guard: stop: the controller stops it, says which, and keeps the writer.
            WriteDataset(lab, id, dataset, mountpoint, "stop");
            var second = lab.Push("guard: stop");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await lab.WebhookAsync()).StatusCode);
            var stopped = await NotifiedAsync(lab, $"Second writer on {dataset} stopped");
            Assert.Contains($"container {intruder} (not a swarm task)", stopped["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("stopped by the controller (guard: stop)", stopped["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False((await docker.Containers.InspectContainerAsync(intruder)).State?.Running);
            var guarded = await lab.WaitForAsync(s => s.LastGood == second && Dataset(s)?.Writers == 1 && !s.Writers!.Findings.Any());
            Assert.Equal(Core.Model.WriterGuard.Stop, Dataset(guarded)!.Guard);

            // The writer scaled to two by hand: reported, and neither task is stopped (both are the writer).
            await ScaleAsync(docker, $"{id}_db", 2);
            await lab.SyncAsync();
            var scaled = await lab.WaitForAsync(s => s.Writers?.Findings.Any(f => f.Check == WriterCheck.Tasks) == true);
            var tasks = Assert.Single(scaled.Writers!.Findings);
            Assert.Equal(($"{id}_db", null), (tasks.Subject, tasks.Action));
            Assert.StartsWith($"{id}_db, the writer of {dataset}, runs 2 tasks", tasks.Detail, StringComparison.Ordinal);
            Assert.Equal(2, Dataset(scaled)!.Writers);
        }
        finally
        {
            await lab.DisposeAsync();
            try
            {
                await docker.Containers.RemoveContainerAsync(intruder, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
                // The test failed before starting it.
            }

            await LabCleanup.ContainersGoneAsync(docker, $"{id}_db");
            await LabShell.DestroyAsync(Lab.Manager, dataset);
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", mountpoint);
        }
    }

    [LabFact]
    public async Task A_copy_mounted_and_written_on_the_worker_is_reported_before_the_next_receive()
    {
        var lab = new ControllerLab();
        var id = lab.Name("rp");
        var (dataset, copy, copyMount, peek) = ($"{Lab.ManagerPool}/{id}", $"{Lab.WorkerPool}/{id}", $"/srv/{id}-copy", $"{id}-peek");
        try
        {
            WriteDataset(lab, id, dataset, $"/srv/{id}", "alert", writer: false);
            lab.Write("replication.yaml", $$"""
                apiVersion: reconciler/v1
                kind: Replication
                metadata: {name: {{id}}-copy}
                spec: {source: {{dataset}}, target: {node: {{Lab.Worker}}, dataset: {{copy}}}, every: 15m, maxLag: 1h}
                """);
            var first = lab.Push("a dataset replicated to hermes");
            await lab.StartAsync(standby: $", workerDockerHost: \"{Lab.WorkerDockerHost}\"");
            var sent = await lab.WaitForAsync(s => s.LastGood == first && s.Replications.Count == 1 && s.Writers is not null);
            Assert.Empty(sent.Writers!.Findings);
            var snapshots = await LabShell.SnapshotsAsync(Lab.Worker, copy);

            // Someone mounts the copy on hermes and a container there writes into it.
            await LabShell.OnAsync(Lab.Worker, "zfs", "set", $"mountpoint={copyMount}", copy);
            if (await LabShell.ZfsGetAsync(Lab.Worker, copy, "mounted") != "yes")
            {
                await LabShell.OnAsync(Lab.Worker, "zfs", "mount", copy);
            }

            await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "run", "-d", "--name", peek, "-v", $"{copyMount}:/copy", Lab.Image,
                "sh", "-c", "echo written on the copy > /copy/note; sleep 86400");
            await lab.SyncAsync();
            var mounted = await lab.WaitForAsync(s => s.Writers?.Findings.Any(f => f.Subject == peek) == true);
            Assert.Contains(mounted.Writers!.Findings, f => f.Check == WriterCheck.ReplicaMounted && f.Subject == $"{Lab.Worker}:{copy}"
                && f.Detail.StartsWith($"the copy {copy} of {dataset} on {Lab.Worker} is mounted read-write at {copyMount}", StringComparison.Ordinal));
            Assert.Contains(mounted.Writers.Findings, f => f.Check == WriterCheck.Container
                && f.Detail == $"container {peek} (not a swarm task) on {Lab.Worker} mounts {copyMount} read-write: it writes {copy}, the copy of {dataset}");
            Assert.Equal("writers", (await NotifiedAsync(lab, $"Second writer on {dataset}"))["event"]!.GetValue<string>());

            // Stopped and unmounted again, what was written stays: reported while nothing was received.
            await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "rm", "-f", peek);
            await LabShell.OnAsync(Lab.Worker, "zfs", "unmount", copy);
            await lab.SyncAsync();
            var written = await lab.WaitForAsync(s => s.Writers?.Findings.Select(f => f.Check).SequenceEqual([WriterCheck.ReplicaWritten]) == true);
            var finding = written.Writers!.Findings.Single();
            Assert.Matches($@"^\d+(\.\d)? (bytes|KiB|MiB) written to the copy {copy} of {dataset} on {Lab.Worker} since its newest snapshot {snapshots[^1]}: the next receive fails", finding.Detail);
            Assert.Equal($"copy off what you need, then zfs rollback {copy}@{snapshots[^1]} on {Lab.Worker}", finding.Remedy);
            Assert.Equal(snapshots, await LabShell.SnapshotsAsync(Lab.Worker, copy));
            Assert.NotEqual(ReplicationState.Replicated, Assert.Single(written.Replications).State);
            Assert.Contains($"reconciler_dataset_writer_problems{{dataset=\"{dataset}\"}} 1", await lab.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            await lab.DisposeAsync();
            await LabShell.All[Lab.Worker].Shell.RunAsync(["docker", "-H", Lab.WorkerDockerHost, "rm", "-f", peek], CancellationToken.None);
            await LabShell.DestroyAsync(Lab.Worker, copy);
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", copyMount);
            await LabShell.DestroyAsync(Lab.Manager, dataset);
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    private static DatasetWriters? Dataset(ControllerStatus status) => status.Writers?.Datasets.SingleOrDefault();

    private static void WriteDataset(ControllerLab lab, string id, string dataset, string mountpoint, string guard, bool writer = true) => lab.Write("storage.yaml", $$"""
        apiVersion: reconciler/v1
        kind: Dataset
        metadata: {name: {{dataset}}}
        spec: {node: {{Lab.Manager}}, mountpoint: {{mountpoint}}, owner: 0, group: 0, mode: "0755", {{(writer ? $"writer: {id}/db, guard: {guard}, " : string.Empty)}}snapshots: {every: 15m, keep: "4x15m"} }
        """);

    private static async Task ScaleAsync(IDockerClient docker, string service, ulong replicas)
    {
        var live = await docker.Swarm.InspectServiceAsync(service);
        live.Spec!.Mode!.Replicated!.Replicas = replicas;
        await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters { Service = live.Spec, Version = (long)live.Version!.Index!.Value });
    }

    /// <summary>Waits for the notification with this title; fails with what arrived otherwise.</summary>
    private static async Task<JsonNode> NotifiedAsync(ControllerLab lab, string title)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (lab.Notifications.Received.FirstOrDefault(n => n["title"]?.GetValue<string>() == title) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no notification '{title}'; received: {string.Join(" | ", lab.Notifications.Received.Select(n => n["title"]))}");
    }
}
