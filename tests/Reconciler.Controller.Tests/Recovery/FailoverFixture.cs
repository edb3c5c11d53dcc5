using Reconciler.Controller.Recovery;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;
using Reconciler.Storage.Paths;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>
/// A two-node repository (atlas manager, hermes worker) with one writer's dataset replicated to
/// hermes, one Path on both nodes and one stack whose image comes from a registry on atlas, and
/// an observation in which hermes is ready; each test breaks one thing.
/// </summary>
internal static class FailoverFixture
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public const string Commit = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d";

    public const string Image = "10.0.0.1:5000/app:1.0";

    public const string Pinned = "10.0.0.1:5000/app:1.0@sha256:aaaa";

    public static readonly Dictionary<string, string> Files = new()
    {
        ["cluster.yaml"] = """
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes:
                - {name: atlas, role: manager, labels: {storage: primary}}
                - {name: hermes, role: worker, address: root@10.0.0.2}
              policy: {bindRoots: [/srv]}
            """,
        ["storage.yaml"] = """
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/app}
            spec: {node: atlas, mountpoint: /srv/app, owner: 999, group: 999, mode: "0700", writer: app/db, snapshots: {every: 15m, keep: "4x15m"}}
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: app-to-hermes}
            spec: {source: tank/app, target: {node: hermes, dataset: backup/app}, every: 15m, maxLag: 30m}
            ---
            apiVersion: reconciler/v1
            kind: Path
            metadata: {name: config}
            spec: {path: /srv/config, owner: 1000, group: 1000, mode: "0750"}
            """,
        ["stacks/app/stack.yaml"] = """
            apiVersion: reconciler/v1
            kind: Stack
            metadata: {name: app}
            spec: {compose: compose.yaml}
            """,
        ["stacks/app/compose.yaml"] = """
            services:
              db:
                image: 10.0.0.1:5000/app:1.0
                volumes: [/srv/app/data:/data, /srv/config:/config:ro]
                deploy:
                  replicas: 1
                  placement: {constraints: [node.hostname == atlas]}
            """,
    };

    public static DesiredState Desired(IReadOnlyDictionary<string, string>? files = null)
    {
        var report = Validator.Validate(new InMemoryRepositoryFiles(files ?? Files));
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        return report.State;
    }

    public static StandbyCopy Standby(string commit = Commit)
    {
        var payload = new Dictionary<string, byte[]> { [StandbyLayout.State] = [1, 2, 3] };
        var manifest = StandbyManifest.For(commit, Now.AddMinutes(-20), "atlas", 0, payload);
        payload[StandbyLayout.Manifest] = manifest.ToBytes();
        return StandbyCopy.From(payload.ToDictionary(f => $"{StandbyLayout.Current}/{f.Key}", f => f.Value));
    }

    public static FailoverObservation Ready() => new(
        Desired(),
        "atlas",
        "hermes",
        new HashSet<string> { "atlas", "10.0.0.1" },
        new Dictionary<string, ReplicaObservation> { ["backup/app"] = new(true, Now.AddMinutes(-11)) },
        Standby(),
        Commit,
        new HashSet<string> { "10.0.0.1:5000/app@sha256:aaaa" },
        new Dictionary<string, string> { ["app_db"] = Pinned },
        new Dictionary<string, PathState> { ["/srv/config"] = new("/srv/config", PathKind.Directory, 1000, 1000, "0750", "directory") },
        new CommandObservation(true, "`reconciler` runs (version 1.0)"));
}
