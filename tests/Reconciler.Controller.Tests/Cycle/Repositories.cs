namespace Reconciler.Controller.Tests.Cycle;

/// <summary>Small valid desired-state repositories (and a broken one) for the cycle's tests.</summary>
internal static class Repositories
{
    private const string Cluster = """
        apiVersion: reconciler/v1
        kind: Cluster
        metadata: {name: lab}
        spec:
          nodes:
            - {name: atlas, role: manager}
            - {name: hermes, role: worker, address: root@10.231.0.2}
          policy: {bindRoots: [/srv]}
        """;

    private const string Storage = """
        apiVersion: reconciler/v1
        kind: Dataset
        metadata: {name: tank/apps/data}
        spec:
          node: atlas
          mountpoint: /srv/data/app
          owner: 1000
          group: 1000
          mode: "0750"
          snapshots: {every: 15m, keep: "4x15m"}
        ---
        apiVersion: reconciler/v1
        kind: Replication
        metadata: {name: data-to-hermes}
        spec:
          source: tank/apps/data
          target: {node: hermes, dataset: backup/data}
          every: 15m
        """;

    /// <summary>A repository with one stack per name (each one service, <c>app</c>), and a replicated dataset when asked; <paramref name="rebalance"/> stacks say rebalance: true.</summary>
    public static IReadOnlyDictionary<string, string> With(string[] stacks, bool storage = false, string marker = "1", string[]? rebalance = null)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["cluster.yaml"] = Cluster };
        foreach (var stack in stacks)
        {
            var spread = rebalance?.Contains(stack) == true ? ", rebalance: true" : string.Empty;
            files[$"{stack}/stack.yaml"] = $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: {stack}}}\nspec: {{compose: compose.yaml{spread}}}\n";
            files[$"{stack}/compose.yaml"] = $"services:\n  app:\n    image: busybox:1.36\n    environment: {{MARKER: \"{marker}\"}}\n";
        }

        if (storage)
        {
            files["storage.yaml"] = Storage;
        }

        return files;
    }

    /// <summary>
    /// A writer's repository: tank/apps/data on atlas at /srv/data/app, written by db/app (Swarm
    /// service db_app), its guard as given, replicated to backup/data on hermes; and tank/apps/logs
    /// at /srv/data/logs, with no writer.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithWriter(string guard = "alert") => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cluster.yaml"] = Cluster,
        ["storage.yaml"] = Storage.Replace("  mode: \"0750\"\n", $"  mode: \"0750\"\n  writer: db/app\n  guard: {guard}\n", StringComparison.Ordinal) + "\n" + """
            ---
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/apps/logs}
            spec: {node: atlas, mountpoint: /srv/data/logs, owner: 0, group: 0, mode: "0755"}
            """,
        ["db/stack.yaml"] = "apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: db}\nspec: {compose: compose.yaml}\n",
        ["db/compose.yaml"] = """
            services:
              app:
                image: busybox:1.36
                volumes: [/srv/data/app:/data]
                deploy:
                  replicas: 1
                  placement: {constraints: [node.hostname == atlas]}
            """,
    };

    /// <summary>A stack that bind-mounts a host path outside the policy's roots: invalid, with a file and line.</summary>
    public static IReadOnlyDictionary<string, string> Invalid(string stack) => new Dictionary<string, string>(With([stack]), StringComparer.Ordinal)
    {
        [$"{stack}/compose.yaml"] = "services:\n  app:\n    image: busybox:1.36\n    volumes: [/etc:/host-etc]\n",
    };
}
