using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Storage.Tests;

/// <summary>A repository for atlas (manager, local) and hermes (worker, over ssh) with the given storage.yaml.</summary>
internal static class TwoNodes
{
    /// <summary>tank/app on atlas replicated to backup/app on hermes; <paramref name="dataset"/> and <paramref name="replication"/> end each spec.</summary>
    public static DesiredState Replicated(string dataset = "", string replication = "") => Core.Validation.Validator.Validate(new InMemoryRepositoryFiles(new Dictionary<string, string>
    {
        ["cluster.yaml"] = """
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: home}
            spec:
              nodes:
                - {name: atlas, role: manager, address: local}
                - {name: hermes, role: worker, address: root@10.0.0.2}
            """,
        ["storage.yaml"] = $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/app}
            spec: {node: atlas, mountpoint: /srv/app, owner: 0, group: 0, mode: "0755"{{dataset}}}
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: app-copy}
            spec: {source: tank/app, target: {node: hermes, dataset: backup/app}, every: 15m{{replication}}}
            """,
    })).State;
}
