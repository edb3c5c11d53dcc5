using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using Reconciler.Controller.Recovery;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Restore;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// Restoring a dataset on the two-node lab: the points it can be restored to, here (atlas, pool
/// tank) and on its replica (hermes, pool backup), and the restore drill: a writer's file is
/// corrupted and restored, the bad timeline kept, the writer healthy again, replication going on
/// without force (the replica's newer snapshots kept aside); a restore cut off half-way is
/// finished by running it again.
/// </summary>
public sealed class RestoreLabTests(ITestOutputHelper log)
{
    private const string Time = @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ";

    [LabFact]
    public async Task Snapshots_lists_every_point_newest_first_with_the_nodes_that_hold_it()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("snl");
        var (source, target) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy");
        try
        {
            ReplicatedDataset.Write(repo, id, source, target);
            await ReplicatedDataset.ApplyAndReplicateAsync(repo, "zfs", "snapshot", $"{source}@by-hand");
            await LabShell.OnAsync(Lab.Worker, "zfs", "snapshot", $"{target}@on-replica");

            var list = repo.Run("snapshots", source);

            Assert.True(list.ExitCode == 0, list.ToString());
            var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{source} on {LabNode.Hostname}, replicated to {Lab.Worker} ({target})", lines[0]);
            Assert.Matches($@"^  on-replica\s+{Time}  {Lab.Worker}$", lines[1]);
            Assert.Matches($@"^  reconciler_\d{{8}}T\d{{6}}Z\s+{Time}  {LabNode.Hostname} {Lab.Worker}$", lines[2]);
            Assert.Matches($@"^  by-hand\s+{Time}  {LabNode.Hostname}$", lines[3]);
            Assert.Equal($"restore one: reconciler restore {source} --to SNAPSHOT PATH  (one only on a replica: add --from-replica)", lines[4]);

            var json = repo.Run("snapshots", "--json", source);
            Assert.True(json.ExitCode == 0, json.ToString());
            Assert.Matches(new Regex("\"name\": \"by-hand\",\\s+\"created\": \"[^\"]+\",\\s+\"guid\": \"\\d+\",\\s+\"here\": true,\\s+\"replicas\": \\[\\]"), json.Output);

            var unknown = repo.Run("snapshots", $"{source}-typo");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains($"reconciler: error: {source}-typo is not a Dataset of this repository; it declares {source}", unknown.Error, StringComparison.Ordinal);
        }
        finally
        {
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    [LabFact]
    public async Task Restore_brings_a_corrupted_file_back_keeps_the_bad_timeline_restarts_the_writer_replication_goes_on_and_a_cut_off_restore_is_finished_by_running_it_again()
    {
        // Later storage cycles run on a schedule's clock, a quarter-hour apart (snapshots and sends are real).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cycle = new StorageCycle(LabShell.All, clock);
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("rst");
        var (source, target, data) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy", $"/srv/{id}/src/data");
        try
        {
            var (good, bad) = await CorruptedAsync(repo, id, source, clock, cycle);
            Assert.Equal([good, bad], await LabShell.SnapshotsAsync(Lab.Worker, target));

            var restore = Restore(repo, source, good);

            log.WriteLine(restore.ToString());
            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.Contains($"restore: {source} on {LabNode.Hostname} to @{good} (clone)", restore.Output, StringComparison.Ordinal);
            Assert.Contains($"  stopped {id}_db\n", restore.Output, StringComparison.Ordinal);
            Assert.Contains($"  started {id}_db: 1/1 tasks running\n", restore.Output, StringComparison.Ordinal);
            Assert.Equal("good", (await LabShell.OnAsync(Lab.Manager, "cat", data)).Trim());
            Assert.Equal("good", (await InWriterAsync(id, "cat", "/data/data")).Trim());
            var kept = Assert.Single(await KeptAsync(source));
            Assert.Matches($@"restored {source} to @{good} in \d+s; the timeline it replaced is kept as {kept} \(@pre-restore-\d{{8}}T\d{{6}}Z is its last state\)", restore.Output);
            var stamp = kept[(kept.LastIndexOf('-') + 1)..];
            Assert.Equal(($"{source}@{good}", "on", "none", "-"), (
                await LabShell.ZfsGetAsync(Lab.Manager, kept, "origin"),
                await LabShell.ZfsGetAsync(Lab.Manager, kept, "readonly"),
                await LabShell.ZfsGetAsync(Lab.Manager, kept, "mountpoint"),
                await LabShell.ZfsGetAsync(Lab.Manager, kept, "reconciler:managed")));
            Assert.Equal([bad, RestoreNames.PreRestore(stamp)], await LabShell.SnapshotsAsync(Lab.Manager, kept));
            Assert.Equal(stamp, await LabShell.ZfsGetAsync(Lab.Manager, $"{source}@{good}", "reconciler:restore"));
            Assert.Equal("true", await LabShell.ZfsGetAsync(Lab.Manager, source, "reconciler:managed"));
            Assert.Equal("corrupt", (await ReadKeptAsync(kept, RestoreNames.PreRestore(stamp), id)).Trim());
            Assert.False(File.Exists(RestoreRecord.PathIn(repo.StateDir)));
            Assert.Contains($"kept: {kept} ", repo.Run("snapshots", source).Output, StringComparison.Ordinal);
            Assert.Equal(0, repo.Plan().ExitCode);

            // The replica has the bad snapshot, newer than the restored one: it is kept aside, and replication goes on without force.
            clock.Advance(TimeSpan.FromMinutes(15));
            var rebased = await cycle.RunAsync(repo.State(), CancellationToken.None);
            log.WriteLine(string.Join('\n', rebased.Replications.Select(r => $"{r.State}: {r.Detail}")));
            Assert.True(rebased.Healthy, string.Join('\n', rebased.Errors.Concat(rebased.Replications.Select(r => r.Detail))));
            var next = Assert.Single(rebased.Taken)[(source.Length + 1)..];
            var keptCopy = RestoreNames.Kept(target, stamp);
            Assert.Equal(
                $"the source was restored: the target's newer history is kept as {keptCopy}; sent {good} → {next}",
                Assert.Single(rebased.Replications).Detail);
            Assert.Equal([good, next], await LabShell.SnapshotsAsync(Lab.Worker, target));
            Assert.Equal([bad], await LabShell.SnapshotsAsync(Lab.Worker, keptCopy));
            Assert.Equal(stamp, await LabShell.ZfsGetAsync(Lab.Worker, $"{target}@{good}", "reconciler:restore"));
            clock.Advance(TimeSpan.FromMinutes(15));
            var incremental = await cycle.RunAsync(repo.State(), CancellationToken.None);
            Assert.True(incremental.Healthy, string.Join('\n', incremental.Errors.Concat(incremental.Replications.Select(r => r.Detail))));
            Assert.StartsWith($"sent {next} → ", Assert.Single(incremental.Replications).Detail, StringComparison.Ordinal);

            // A second restore, cut off after the clone (its services stopped, its record written, as a run leaves them).
            await LabShell.OnAsync(Lab.Manager, "sh", "-c", $"echo corrupt-again > {data}");
            var cut = new RestoreRecord(source, LabNode.Hostname, good, RestoreMethod.Clone, RestoreNames.Stamp(DateTimeOffset.UtcNow.AddSeconds(1)), DateTimeOffset.UtcNow,
                new Dictionary<string, string> { ["mountpoint"] = $"/srv/{id}/src", ["reconciler:managed"] = "true" }, [new StoppedService($"{id}_db", 1)], true, null);
            cut.Save(repo.StateDir);
            using (var docker = Lab.Connect())
            {
                var users = new DatasetUsers(docker, TimeProvider.System);
                await users.ScaleAsync($"{id}_db", 0, CancellationToken.None);
                Assert.Empty(await users.WaitReleasedAsync(LabNode.Hostname, $"/srv/{id}/src", new HashSet<string> { $"{id}_db" }, TimeSpan.FromMinutes(1), CancellationToken.None));
            }

            foreach (var step in new[] { RestoreStep.SnapshotCurrent, RestoreStep.SetAside, RestoreStep.Detach, RestoreStep.Clone })
            {
                await DatasetRestore.RunAsync(LabShell.All, cut, step, CancellationToken.None);
            }

            var refused = repo.Apply();
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("reconciler: error: a restore is unfinished here (restoring ", refused.Error, StringComparison.Ordinal);

            var again = Restore(repo, source, good);

            log.WriteLine(again.ToString());
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains($"restore: finishing the restore of {source} to @{good} begun ", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("renamed", again.Output, StringComparison.Ordinal);
            Assert.Contains($"  {source} promoted", again.Output, StringComparison.Ordinal);
            Assert.Equal("good", (await InWriterAsync(id, "cat", "/data/data")).Trim());
            Assert.Equal(2, (await KeptAsync(source)).Count);
            Assert.Equal(cut.Stamp, await LabShell.ZfsGetAsync(Lab.Manager, $"{source}@{good}", "reconciler:restore"));
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [LabFact]
    public async Task From_the_replica_a_snapshot_gone_from_the_source_is_streamed_back_and_replication_goes_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cycle = new StorageCycle(LabShell.All, clock);
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("rfr");
        var (source, target) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy");
        try
        {
            var (good, bad) = await CorruptedAsync(repo, id, source, clock, cycle);
            await LabShell.OnAsync(Lab.Manager, "zfs", "destroy", $"{source}@{good}");

            var refused = Restore(repo, source, good);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"reconciler: error: {source} has no snapshot @{good}, but its replica on {Lab.Worker} ({target}) has: add --from-replica; nothing was changed", refused.Error, StringComparison.Ordinal);

            var restore = Restore(repo, source, good, "--from-replica");

            log.WriteLine(restore.ToString());
            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.Contains($"restore: {source} on {LabNode.Hostname} to @{good} from {Lab.Worker} ({target}) (from-replica)", restore.Output, StringComparison.Ordinal);
            Assert.Contains($"  {target}@{good} streamed from {Lab.Worker} into {source}", restore.Output, StringComparison.Ordinal);
            Assert.Equal("good", (await InWriterAsync(id, "cat", "/data/data")).Trim());
            Assert.Equal(await LabShell.ZfsGetAsync(Lab.Worker, $"{target}@{good}", "guid"), await LabShell.ZfsGetAsync(Lab.Manager, $"{source}@{good}", "guid"));
            Assert.Equal(("true", $"/srv/{id}/src"), (await LabShell.ZfsGetAsync(Lab.Manager, source, "reconciler:managed"), await LabShell.ZfsGetAsync(Lab.Manager, source, "mountpoint")));
            var kept = Assert.Single(await KeptAsync(source));
            var stamp = kept[(kept.LastIndexOf('-') + 1)..];
            Assert.Equal([bad, RestoreNames.PreRestore(stamp)], await LabShell.SnapshotsAsync(Lab.Manager, kept));

            clock.Advance(TimeSpan.FromMinutes(15));
            var rebased = await cycle.RunAsync(repo.State(), CancellationToken.None);
            Assert.True(rebased.Healthy, string.Join('\n', rebased.Errors.Concat(rebased.Replications.Select(r => r.Detail))));
            Assert.StartsWith($"the source was restored: the target's newer history is kept as {RestoreNames.Kept(target, stamp)}; sent {good} → ",
                Assert.Single(rebased.Replications).Detail, StringComparison.Ordinal);
            Assert.Equal([bad], await LabShell.SnapshotsAsync(Lab.Worker, RestoreNames.Kept(target, stamp)));
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [LabFact]
    public async Task A_rollback_is_asked_for_destroys_the_newer_snapshots_and_keeps_nothing_aside()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cycle = new StorageCycle(LabShell.All, clock);
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("rrb");
        var (source, target) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy");
        try
        {
            var (good, bad) = await CorruptedAsync(repo, id, source, clock, cycle);

            var restore = Restore(repo, source, good, "--method", "rollback");

            log.WriteLine(restore.ToString());
            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.Contains($"  DESTROYS @{bad} and every change since @{good} (--method rollback keeps nothing of it)", restore.Output, StringComparison.Ordinal);
            Assert.Matches($@"restored {source} to @{good} in \d+s; every snapshot newer than @{good} was destroyed", restore.Output);
            Assert.Equal("good", (await InWriterAsync(id, "cat", "/data/data")).Trim());
            Assert.Equal([good], await LabShell.SnapshotsAsync(Lab.Manager, source));
            Assert.Empty(await KeptAsync(source));

            // The replica still has the bad snapshot: it is kept aside there, renamed, and replication goes on.
            clock.Advance(TimeSpan.FromMinutes(15));
            var rebased = await cycle.RunAsync(repo.State(), CancellationToken.None);
            Assert.True(rebased.Healthy, string.Join('\n', rebased.Errors.Concat(rebased.Replications.Select(r => r.Detail))));
            Assert.Single(await KeptAsync(target, Lab.Worker));
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    /// <summary>A writer on a dataset replicated with a good snapshot, then a corrupted file replicated as a second one.</summary>
    private static async Task<(string Good, string Bad)> CorruptedAsync(TestStack repo, string id, string source, FakeTimeProvider clock, StorageCycle cycle)
    {
        ReplicatedDataset.Write(repo, id, source, $"{Lab.WorkerPool}/{id}/copy", writer: $"{id}/db");
        WriteWriter(repo, id);
        await ReplicatedDataset.ApplyAndReplicateAsync(repo, "sh", "-c", $"echo good > /srv/{id}/src/data");
        var good = Assert.Single(await LabShell.SnapshotsAsync(Lab.Manager, source));
        await LabShell.OnAsync(Lab.Manager, "sh", "-c", $"echo corrupt > /srv/{id}/src/data");
        clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(15));
        var corrupted = await cycle.RunAsync(repo.State(), CancellationToken.None);
        Assert.True(corrupted.Healthy, string.Join('\n', corrupted.Errors.Concat(corrupted.Replications.Select(r => r.Detail))));
        return (good, Assert.Single(corrupted.Taken)[(source.Length + 1)..]);
    }

    private static async Task CleanUpAsync(string id)
    {
        using (var docker = Lab.Connect())
        {
            await LabCleanup.RemoveStacksAsync(docker, [id]);
        }

        await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
        await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
        await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
    }

    /// <summary>`reconciler restore` with no controller to pause (nothing listens on port 9).</summary>
    private static CliResult Restore(TestStack repo, string dataset, string snapshot, params string[] extra) =>
        repo.Run(["restore", dataset, "--to", snapshot, "--yes", "--url", "http://127.0.0.1:9", .. extra]);

    /// <summary>The timelines restores kept next to the dataset.</summary>
    private static async Task<IReadOnlyList<string>> KeptAsync(string dataset, string? node = null) =>
        (await LabShell.OnAsync(node ?? Lab.Manager, "zfs", "list", "-H", "-o", "name", "-t", "filesystem", "-r", DatasetPathOf(dataset)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(d => RestoreNames.IsKept(dataset, d)).ToList();

    private static string DatasetPathOf(string dataset) => dataset[..dataset.LastIndexOf('/')];

    /// <summary>The data file as a kept snapshot holds it: cloned read-only where it can be read, then the clone is destroyed.</summary>
    private static async Task<string> ReadKeptAsync(string kept, string snapshot, string id)
    {
        var look = $"{Lab.ManagerPool}/{id}/look";
        await LabShell.OnAsync(Lab.Manager, "zfs", "clone", "-o", $"mountpoint=/srv/{id}/look", "-o", "readonly=on", $"{kept}@{snapshot}", look);
        try
        {
            return await LabShell.OnAsync(Lab.Manager, "cat", $"/srv/{id}/look/data");
        }
        finally
        {
            await LabShell.DestroyAsync(Lab.Manager, look);
        }
    }

    /// <summary>A command in the writer's running container on atlas.</summary>
    private static async Task<string> InWriterAsync(string id, params string[] command)
    {
        var container = (await LabShell.OnAsync(Lab.Manager, "docker", "-H", Lab.DockerHost!, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={id}_db")).Trim();
        Assert.NotEmpty(container);
        return await LabShell.OnAsync(Lab.Manager, ["docker", "-H", Lab.DockerHost!, "exec", container, .. command]);
    }

    /// <summary>The dataset's writer, pinned to atlas; healthy while its data directory is there.</summary>
    private static void WriteWriter(TestStack repo, string id) => repo.Stack(id, $$"""
        services:
          db:
            image: {{Lab.Image}}
            command: [sleep, "3600"]
            stop_grace_period: 1s
            volumes: [/srv/{{id}}/src:/data]
            healthcheck: {test: [CMD, ls, /data], interval: 1s, timeout: 2s, retries: 3}
            deploy:
              replicas: 1
              placement: {constraints: [node.hostname == {{LabNode.Hostname}}]}
        """);
}
