using Reconciler.Controller.Recovery;
using Reconciler.Core.Loading;
using Reconciler.Core.Planning;
using Reconciler.Core.Secrets;
using Reconciler.Core.Validation;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Secrets;
using Reconciler.Storage;
using Reconciler.Storage.Cycle;

namespace Reconciler.Lab.Tests;

/// <summary>
/// sample-repo's storage (its paths, vaultwarden's dataset with its data directory inside, and
/// the replication to hermes) converges on the lab, and `check failover` finds its paths ready.
/// Only hermes's address changes (to the lab worker's); the stacks are left out because their
/// images come from Docker Hub, which the lab never contacts. It is read as the demo deploys it,
/// with the test-only key that decrypts its secret.
/// </summary>
public sealed class SampleRepoLabTests
{
    [LabFact]
    public async Task The_sample_repositorys_paths_dataset_and_replication_converge_and_its_paths_are_ready_for_a_failover()
    {
        using var keys = AgeKeys.Parse(File.ReadAllText(Path.Combine(Root, "scripts", "demo-only.agekey")));
        var files = new SecretRepositoryFiles(SampleRepo(), keys, SecretAccess.Plaintext);
        var report = Validator.Validate(files);
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        Assert.Empty(report.Diagnostics);
        var state = report.State with { Stacks = [] };
        var provider = new StorageProvider(LabShell.All, []);
        await RemoveAsync();
        try
        {
            var before = await provider.ObserveAsync(state, CancellationToken.None);
            Assert.Empty(before.Errors);
            var applier = before.Applier(commit: null);
            foreach (var change in Planner.Create(before.Diff(), provider.Kinds).Steps)
            {
                await applier.ApplyAsync(change, CancellationToken.None);
            }

            var after = await provider.ObserveAsync(state, CancellationToken.None);
            var cycle = await new StorageCycle(LabShell.All, TimeProvider.System).RunAsync(state, CancellationToken.None);

            Assert.False(Planner.Create(after.Diff(), provider.Kinds).HasChanges, string.Join('\n', after.Diff().Where(c => c.Action != Core.Diff.ChangeAction.Unchanged)));
            Assert.Equal("1000 1000 750", await LabShell.OwnershipAsync(Lab.Manager, "/srv/data/vaultwarden"));
            Assert.Equal("1000 1000 700", await LabShell.OwnershipAsync(Lab.Manager, "/srv/data/vaultwarden/data"));
            Assert.Equal(await LabShell.DeviceAsync(Lab.Manager, "/srv/data/vaultwarden"), await LabShell.DeviceAsync(Lab.Manager, "/srv/data/vaultwarden/data"));
            Assert.Equal("1000 1000 755", await LabShell.OwnershipAsync(Lab.Worker, "/srv/config/whoami"));
            Assert.Equal("1000 1000 700", await LabShell.OwnershipAsync(Lab.Manager, "/srv/cache/vaultwarden"));
            Assert.Equal("1000 1000 700", await LabShell.OwnershipAsync(Lab.Worker, "/srv/cache/vaultwarden"));
            var replication = Assert.Single(cycle.Replications);
            Assert.True(replication.State is ReplicationState.Replicated or ReplicationState.UpToDate, replication.Detail);
            Assert.False(replication.Lagging);
            Assert.Equal(
                (await LabShell.SnapshotsAsync(Lab.Manager, "tank/apps/vaultwarden"))[^1],
                (await LabShell.SnapshotsAsync(Lab.Worker, "backup/vaultwarden"))[^1]);

            // What `check failover` says of the paths: on hermes, or inside the dataset hermes holds a replica of.
            var target = new FailoverTarget(Lab.Manager, Lab.Worker, "/srv/no-standby-here", Lab.WorkerDockerHost, ["reconciler"]);
            var observation = await new FailoverObserver(LabShell.All, docker: null, target).ObserveAsync(state, lastGoodCommit: null, CancellationToken.None);
            var paths = FailoverReadiness.Assess(observation, DateTimeOffset.UtcNow).Where(f => f.Check == "path").ToList();
            Assert.Equal(["/srv/cache/vaultwarden", "/srv/config/whoami", "/srv/data/vaultwarden/data"], paths.Select(f => f.Subject));
            Assert.All(paths, f => Assert.True(f.Ok, f.ToString()));
        }
        finally
        {
            await RemoveAsync();
        }
    }

    /// <summary>Removes what the sample repository puts on the lab, so each run starts from nothing (a new dataset with a path inside).</summary>
    private static async Task RemoveAsync()
    {
        await LabShell.DestroyAsync(Lab.Manager, "tank/apps");
        await LabShell.DestroyAsync(Lab.Worker, "backup/vaultwarden");
        foreach (var node in new[] { Lab.Manager, Lab.Worker })
        {
            await LabShell.OnAsync(node, "rm", "-rf", "/srv/data", "/srv/cache", "/srv/config");
        }
    }

    private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private static InMemoryRepositoryFiles SampleRepo()
    {
        var disk = new DirectoryRepositoryFiles(Path.Combine(Root, "sample-repo"));
        return new InMemoryRepositoryFiles(disk.List().ToDictionary(
            path => path,
            path => disk.Read(path)!.Replace("address: root@10.0.0.2", $"address: {Lab.WorkerAddress}", StringComparison.Ordinal)));
    }
}
