using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Storage.Tests;

/// <summary>The manifests the storage tests share: a Cluster of atlas (manager) and hermes (worker), and a replicated dataset on it.</summary>
internal static class TestRepository
{
    /// <summary>A Cluster of atlas alone, its manager, which runs commands locally.</summary>
    public const string ManagerOnly = """
        apiVersion: reconciler/v1
        kind: Cluster
        metadata: {name: home}
        spec:
          nodes:
            - {name: atlas, role: manager, address: local}
        """;

    /// <summary>atlas and hermes, a worker reached over ssh.</summary>
    public const string Cluster = ManagerOnly + "\n    - {name: hermes, role: worker, address: root@10.0.0.2}";

    /// <summary>tank/app on atlas, copied as app-copy to backup/app on hermes.</summary>
    /// <param name="replication">The Replication's spec after its source and target ("every: 1h, maxLag: 90m").</param>
    /// <param name="snapshots">The Dataset's snapshot schedule, when it has one ("{every: 15m, keep: 4x15m}").</param>
    public static DesiredState ReplicatedApp(string replication = "every: 15m", string? snapshots = null)
    {
        var schedule = snapshots is null ? "" : $", snapshots: {snapshots}";
        return Core.Validation.Validator.Validate(new InMemoryRepositoryFiles(new Dictionary<string, string>
        {
            ["cluster.yaml"] = Cluster,
            ["storage.yaml"] = $$"""
                apiVersion: reconciler/v1
                kind: Dataset
                metadata: {name: tank/app}
                spec: {node: atlas, mountpoint: /srv/app, owner: 0, group: 0, mode: "0755"{{schedule}} }
                ---
                apiVersion: reconciler/v1
                kind: Replication
                metadata: {name: app-copy}
                spec: {source: tank/app, target: {node: hermes, dataset: backup/app}, {{replication}} }
                """,
        })).State;
    }
}
