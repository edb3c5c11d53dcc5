using System.Text.Json.Nodes;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// `reconciler check failover` on the lab: a writer's dataset on atlas replicated to hermes, a
/// Path on both nodes, a standby on hermes, the lab image on hermes and the worker's reconciler.
/// Ready when all is there; not ready, with the line that says what to do, when the image is only
/// in atlas's registry, when the replica lags, and when it is gone.
/// </summary>
public sealed class FailoverCheckLabTests
{
    [LabFact]
    public async Task Check_failover_is_ready_when_hermes_has_everything_and_names_each_missing_piece()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("fo");
        var (source, target, workerState) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy", $"/srv/{id}-state");
        var imagesBefore = await WorkerImagesAsync();
        try
        {
            // Applied before the writer's stack exists, so that nothing is deployed: the check reads the stack from the repository.
            WriteStorage(repo, id, source, target, every: "15m", maxLag: "30m", writer: false);
            Assert.Equal(0, repo.Apply().ExitCode);
            var replicate = repo.Run("replicate");
            Assert.True(replicate.ExitCode == 0, replicate.ToString());
            WriteStorage(repo, id, source, target, every: "15m", maxLag: "30m");
            WriteStack(repo, id, source, Lab.Image);
            using (var docker = Lab.Connect())
            {
                var written = await new StandbyWriter(LabShell.All[Lab.Worker], workerState, repo.StateDir, docker, TimeProvider.System)
                    .RefreshAsync("3333333333333333333333333333333333333333", new DirectoryRepositoryFiles(repo.Root), ReconcilerState.Empty, "{}\n", CancellationToken.None);
                Assert.Null(written.Error);
            }

            await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "pull", "-q", Lab.Image);

            var ready = Check(repo, workerState);
            Assert.True(ready.ExitCode == 0, ready.ToString());
            Assert.Matches($@"ok   replica    {source}: {Lab.Worker}:{target}: RPO (\d+[dhms])+ \(maxLag 30m\)", ready.Output);
            Assert.Contains($"ok   image      {Lab.Image}: present on {Lab.Worker}", ready.Output, StringComparison.Ordinal);
            Assert.Contains($"ok   path       /srv/{id}-cfg: 1000:1000 0750 on {Lab.Worker}", ready.Output, StringComparison.Ordinal);
            Assert.Contains($"ok   standby    {Lab.Worker}: 333333333333 written", ready.Output, StringComparison.Ordinal);
            Assert.Contains($"ok   reconciler {Lab.Worker}: `dotnet ", ready.Output, StringComparison.Ordinal);
            Assert.EndsWith($"ready: {Lab.Worker} can take over from {LabNode.Hostname}\n", ready.Output, StringComparison.Ordinal);

            // An image hermes lacks, from the registry on atlas: a failover could not start it.
            var absent = $"{Lab.Image.Split(':')[0]}:{Lab.Image.Split(':')[1]}:absent-{id}";
            WriteStack(repo, id, source, absent);
            var json = Check(repo, workerState, "--json");
            Assert.Equal(1, json.ExitCode);
            var image = JsonNode.Parse(json.Output)!["findings"]!.AsArray().Single(f => f!["check"]!.GetValue<string>() == "image")!;
            Assert.False(image["ok"]!.GetValue<bool>());
            Assert.Contains($"its registry {Lab.Image.Split('/')[0]} runs on {LabNode.Hostname}", image["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith($"pull it on {Lab.Worker} now", image["remedy"]!.GetValue<string>(), StringComparison.Ordinal);
            WriteStack(repo, id, source, Lab.Image);

            // A replica older than maxLag: the RPO a failover would have, and what to do.
            WriteStorage(repo, id, source, target, every: "1s", maxLag: "1s");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var lagging = Check(repo, workerState);
            Assert.Equal(1, lagging.ExitCode);
            Assert.Matches($@"FAIL replica    {source}: {Lab.Worker}:{target}: RPO (\d+[dhms])+ \(maxLag 1s\): a failover now would lose more than maxLag", lagging.Output);
            Assert.Contains($"→ see `reconciler status` for replication {id}-copy", lagging.Output, StringComparison.Ordinal);

            // The replica gone.
            WriteStorage(repo, id, source, target, every: "15m", maxLag: "30m");
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            var missing = Check(repo, workerState);
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains($"FAIL replica    {source}: {Lab.Worker}:{target} does not exist yet", missing.Output, StringComparison.Ordinal);
            Assert.EndsWith($"not ready: 1 problem(s) before {Lab.Worker} can take over from {LabNode.Hostname}\n", missing.Output, StringComparison.Ordinal);
        }
        finally
        {
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", workerState, $"/srv/{id}-cfg");
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}", $"/srv/{id}-cfg");
            await RestoreWorkerImageAsync(imagesBefore);
        }
    }

    private static CliResult Check(TestStack repo, string workerState, params string[] extra) => repo.Run([
        "check", "failover", .. extra, "--worker-state-dir", workerState, "--worker-docker-host", Lab.WorkerDockerHost,
        "--worker-reconciler", $"dotnet {Path.Combine(AppContext.BaseDirectory, "reconciler.dll")}"]);

    /// <summary>"repository:tag id" of each image on hermes.</summary>
    private static async Task<string[]> WorkerImagesAsync() =>
        (await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Leaves hermes's images as they were: the lab image untagged again, and when hermes held it
    /// before only by digest (a service pulled it), pulled back by that digest.
    /// </summary>
    private static async Task RestoreWorkerImageAsync(string[] before)
    {
        if (before.Any(i => i.StartsWith(Lab.Image + " ", StringComparison.Ordinal)))
        {
            return;
        }

        // A range, not join: docker 28's CLI cannot join RepoDigests from an engine of API 1.41.
        string[] command = ["docker", "-H", Lab.WorkerDockerHost, "image", "inspect", "--format", "{{.Id}}{{range .RepoDigests}} {{.}}{{end}}", Lab.Image];
        var inspect = await LabShell.All[Lab.Worker].Shell.RunAsync(command, CancellationToken.None);
        if (!inspect.Succeeded)
        {
            Assert.Contains("No such image", inspect.Error, StringComparison.Ordinal);
            return;
        }

        var fields = inspect.Output.Trim().Split(' ');
        await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "image", "rm", "-f", Lab.Image);
        if (before.Any(i => i.EndsWith(" " + fields[0], StringComparison.Ordinal)))
        {
            foreach (var digest in fields.Skip(1))
            {
                await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "pull", "-q", digest);
            }
        }
    }

    private static void WriteStorage(TestStack repo, string id, string source, string target, string every, string maxLag, bool writer = true) =>
        ReplicatedDataset.Write(repo, id, source, target, writer ? $"{id}/db" : null, $"every: {every}, maxLag: {maxLag}", $$"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {name: {{id}}-cfg}
            spec: {path: /srv/{{id}}-cfg, owner: 1000, group: 1000, mode: "0750"}
            """);

    /// <summary>The dataset's writer; never deployed here, the check reads it from the repository.</summary>
    private static void WriteStack(TestStack repo, string id, string source, string image) => repo.Stack(id, $$"""
        services:
          db:
            image: {{image}}
            command: [sleep, "3600"]
            volumes: [/srv/{{id}}/src:/data, /srv/{{id}}-cfg:/config:ro]
            deploy:
              replicas: 1
              placement: {constraints: [node.hostname == {{LabNode.Hostname}}]}
        """);
}
