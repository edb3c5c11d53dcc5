using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// The storage the recovery drills start from: a dataset on atlas mounted at /srv/ID/src with
/// snapshots every 15 minutes, replicated to hermes, applied and replicated once.
/// </summary>
internal static class ReplicatedDataset
{
    /// <summary>Writes storage.yaml.</summary>
    /// <param name="writer">The dataset's writer ("ID/db"), when it declares one.</param>
    /// <param name="replication">The Replication's spec after its source and target ("every: 15m, maxLag: 30m").</param>
    /// <param name="more">Further manifests for storage.yaml, when there are any.</param>
    public static void Write(TestStack repo, string id, string source, string target, string? writer = null, string replication = "every: 15m", string? more = null) =>
        repo.Write("storage.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: {{source}}}
            spec: {node: {{LabNode.Hostname}}, mountpoint: /srv/{{id}}/src, owner: 0, group: 0, mode: "0755", {{(writer is null ? "" : $"writer: {writer}, ")}}snapshots: {every: 15m, keep: "4x15m"} }
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: {{id}}-copy}
            spec: {source: {{source}}, target: {node: {{Lab.Worker}}, dataset: {{target}}}, {{replication}}}
            """ + (more is null ? "" : "\n---\n" + more));

    /// <summary>Applies the repository, runs a command on atlas (a file written, a snapshot taken), and replicates once; each must succeed.</summary>
    public static async Task ApplyAndReplicateAsync(TestStack repo, params string[] onAtlas)
    {
        var apply = repo.Apply();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        await LabShell.OnAsync(Lab.Manager, onAtlas);
        var replicate = repo.Run("replicate");
        Assert.True(replicate.ExitCode == 0, replicate.ToString());
    }
}
