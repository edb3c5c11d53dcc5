using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// The standby written from atlas to hermes over ssh, as the controller does after an apply, and
/// read back on hermes: in hermes's own /srv (its mount namespace), so it is really on the worker.
/// </summary>
public sealed class StandbyLabTests
{
    private const string First = "1111111111111111111111111111111111111111";
    private const string Second = "2222222222222222222222222222222222222222";

    [LabFact]
    public async Task The_standby_is_written_to_the_worker_private_and_whole_and_reads_back_there()
    {
        await using var repo = new TestStack(withWorker: true);
        var workerState = $"/srv/{repo.Name("standby")}-state";
        var worker = LabShell.All[Lab.Worker];
        using var docker = Lab.Connect();
        try
        {
            var writer = new StandbyWriter(worker, workerState, repo.StateDir, docker, TimeProvider.System);
            var state = ReconcilerState.Empty.With(new ApplyRecord(First, DateTimeOffset.UtcNow, ApplyResult.Converged, "1 created", []));
            var first = await writer.RefreshAsync(First, new DirectoryRepositoryFiles(repo.Root), state, "repository: {url: file:///srv/git}\n", CancellationToken.None);
            Assert.Null(first.Error);

            // On hermes, not on atlas: /srv is each node's own.
            var standby = $"{workerState}/standby";
            var modes = await LabShell.OnAsync(Lab.Worker, "stat", "-c", "%a %n", standby, $"{standby}/current", $"{standby}/current/state.json", $"{standby}/current/desired-state.tar");
            Assert.Equal(["700", "700", "600", "600"], modes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
            Assert.False(Directory.Exists(workerState));

            var copy = await StandbyReader.ReadAsync(worker, workerState, CancellationToken.None);
            Assert.True(copy.Usable, string.Join("; ", copy.Problems));
            Assert.Equal(("current", First), (copy.Location, copy.Manifest!.Commit));
            Assert.Equal(LabNode.Hostname, copy.Manifest.Manager);
            Assert.Equal(File.ReadAllText(Path.Combine(repo.Root, "cluster.yaml")), copy.DesiredState().Read("cluster.yaml"));
            Assert.Equal(First, copy.State().LastGoodCommit);
            Assert.Equal("repository: {url: file:///srv/git}\n", copy.Configuration());
            var swarm = copy.Swarm();
            Assert.Equal((Lab.Worker, "10.231.0.2", "10.231.0.1"), (swarm.Worker, swarm.AdvertiseAddress, swarm.ManagerAddress));
            Assert.Equal(["10.232.0.0/16"], swarm.Request().DefaultAddrPool);

            // A second refresh keeps the first as "previous"; a damaged current falls back to it.
            var second = await writer.RefreshAsync(Second, new DirectoryRepositoryFiles(repo.Root), state, "repository: {url: file:///srv/git2}\n", CancellationToken.None);
            Assert.Equal(Second, second.Written!.Commit);
            Assert.Equal(Second, StandbyRecord.Load(repo.StateDir)!.Written!.Commit);
            await LabShell.OnAsync(Lab.Worker, "sh", "-c", $"echo tampered >> {standby}/current/config.yaml");
            var fallback = await StandbyReader.ReadAsync(worker, workerState, CancellationToken.None);
            Assert.Equal(("previous", First), (fallback.Location, fallback.Manifest!.Commit));
            Assert.Equal(["current: config.yaml does not match its checksum"], fallback.Problems);
        }
        finally
        {
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", workerState);
        }
    }

    [LabFact]
    public async Task Status_on_the_worker_shows_how_fresh_its_standby_is_and_a_failed_refresh_is_recorded_on_the_manager()
    {
        await using var repo = new TestStack(withWorker: true);
        var workerState = $"/srv/{repo.Name("status")}-state";
        var worker = LabShell.All[Lab.Worker];
        using var docker = Lab.Connect();
        try
        {
            var writer = new StandbyWriter(worker, workerState, repo.StateDir, docker, TimeProvider.System);
            Assert.Null((await writer.RefreshAsync(First, new DirectoryRepositoryFiles(repo.Root), ReconcilerState.Empty, "{}\n", CancellationToken.None)).Error);

            // The worker runs no controller: status reads its standby directory.
            var reconciler = Path.Combine(AppContext.BaseDirectory, "reconciler.dll");
            var text = await LabShell.OnAsync(Lab.Worker, "dotnet", reconciler, "status", "--url", "http://127.0.0.1:9", "--state-dir", workerState);
            var json = await LabShell.OnAsync(Lab.Worker, "dotnet", reconciler, "status", "--json", "--url", "http://127.0.0.1:9", "--state-dir", workerState);
            Assert.Matches($@"standby    on {Lab.Worker}: 111111111111 written \S+ \S+ \(\d+s ago\), fresh", text);
            var standby = System.Text.Json.Nodes.JsonNode.Parse(json)!["standby"]!;
            Assert.Equal(First, standby["commit"]!.GetValue<string>());
            Assert.True(standby["fresh"]!.GetValue<bool>());

            // A worker that cannot be written to: the manager's record says why and keeps the copy written before.
            var unreachable = new StorageNode(Lab.Worker, new SshShell(Lab.WorkerAddress, new SshOptions(Lab.SshKey, "/dev/null")));
            var failed = await new StandbyWriter(unreachable, workerState, repo.StateDir, docker, TimeProvider.System)
                .RefreshAsync(Second, new DirectoryRepositoryFiles(repo.Root), ReconcilerState.Empty, "{}\n", CancellationToken.None);
            Assert.Contains("Host key verification failed", failed.Error, StringComparison.Ordinal);
            Assert.Equal(First, failed.Written!.Commit);
            var view = StandbyView.Of(StandbyRecord.Load(repo.StateDir)!, Second, DateTimeOffset.UtcNow);
            Assert.False(view.Fresh);
            Assert.StartsWith($"on {Lab.Worker}: 111111111111 written", view.Describe(), StringComparison.Ordinal);
        }
        finally
        {
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", workerState);
        }
    }
}
