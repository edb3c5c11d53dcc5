using System.Text.RegularExpressions;
using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// Restoring a dataset on the two-node lab: the points it can be restored to, here (atlas, pool
/// tank) and on its replica (hermes, pool backup).
/// </summary>
public sealed class RestoreLabTests
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
            WriteStorage(repo, id, source, target);
            var apply = repo.Apply();
            Assert.True(apply.ExitCode == 0, apply.ToString());
            await LabShell.OnAsync(Lab.Manager, "zfs", "snapshot", $"{source}@by-hand");
            var replicate = repo.Run("replicate");
            Assert.True(replicate.ExitCode == 0, replicate.ToString());
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

    /// <summary>A dataset on atlas (snapshots every 15 minutes) replicated to hermes.</summary>
    private static void WriteStorage(TestStack repo, string id, string source, string target) =>
        repo.Write("storage.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: {{source}}}
            spec: {node: {{LabNode.Hostname}}, mountpoint: /srv/{{id}}/src, owner: 0, group: 0, mode: "0755", snapshots: {every: 15m, keep: "4x15m"} }
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: {{id}}-copy}
            spec: {source: {{source}}, target: {node: {{Lab.Worker}}, dataset: {{target}}}, every: 15m}
            """);
}
