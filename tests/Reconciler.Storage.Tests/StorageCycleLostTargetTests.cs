using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Tests;

/// <summary>
/// A replication whose target's node cannot be reached (the worker is down) for longer than
/// maxLag: the lag keeps growing from the base the target had when last seen (a lag alert can
/// follow it), and the source keeps to its snapshot grid with that base kept. The nodes are
/// scripts that answer `zfs get` from a file and log every other command.
/// </summary>
public sealed class StorageCycleLostTargetTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("reconciler-lost-").FullName;

    [Fact]
    public async Task A_lost_target_lags_from_its_last_seen_base_and_the_source_keeps_its_grid_and_that_base()
    {
        var memory = new ReplicaMemory();
        var nodes = new StorageNodes([new StorageNode("atlas", new FileShell(directory, "atlas")), new StorageNode("hermes", new FileShell(directory, "hermes"))]);
        Answer("atlas", Source([0]));
        Answer("hermes", Target(0));
        var seen = await new StorageCycle(nodes, new Clock(Start), memory).RunAsync(Repository(), CancellationToken.None);
        Assert.Equal(ReplicationState.UpToDate, seen.Replications.Single().State);

        // Two hours later hermes does not answer; atlas took a snapshot every quarter-hour meanwhile.
        Answer("atlas", Source([.. Enumerable.Range(0, 9).Select(i => i * 15)]));
        File.Delete(Path.Combine(directory, "hermes.zfs"));
        var lost = await new StorageCycle(nodes, new Clock(Start.AddHours(2)), memory).RunAsync(Repository(), CancellationToken.None);

        var status = lost.Replications.Single();
        Assert.Equal((ReplicationState.Failed, TimeSpan.FromHours(2), true), (status.State, status.Lag, status.Lagging));
        Assert.Equal($"hermes could not be observed; the target had {At(0)} when last seen", status.Detail);
        Assert.Equal([.. new[] { 15, 30, 45, 60 }.Select(m => $"tank/app@{At(m)} on atlas")], lost.Pruned);
        Assert.Contains(lost.Errors, e => e.StartsWith("cannot observe node hermes", StringComparison.Ordinal));
    }

    private static string At(int minutes) => SnapshotName.For("reconciler", Start.AddMinutes(minutes));

    private void Answer(string node, string inventory) => File.WriteAllText(Path.Combine(directory, node + ".zfs"), inventory);

    private static string Source(int[] minutes) =>
        "tank/app\ttype\tfilesystem\ntank/app\treconciler:managed\ttrue\n" + string.Concat(minutes.Select(m => Snapshot("tank/app", m)));

    private static string Target(int minutes) => "backup/app\ttype\tfilesystem\n" + Snapshot("backup/app", minutes);

    private static string Snapshot(string dataset, int minutes) =>
        $"{dataset}@{At(minutes)}\ttype\tsnapshot\n{dataset}@{At(minutes)}\tcreation\t{Start.AddMinutes(minutes).ToUnixTimeSeconds()}\n{dataset}@{At(minutes)}\tguid\t{1000 + minutes}\n";

    private static DesiredState Repository() => TestRepository.ReplicatedApp("every: 15m, maxLag: 1h", """{every: 15m, keep: "4x15m"}""");

    /// <summary>A node whose `zfs get` prints NODE.zfs, failing as an unreachable ssh (255) when there is none; other commands only log.</summary>
    private sealed class FileShell(string directory, string node) : INodeShell
    {
        private const string Script = """
            answer=$1; shift
            printf '%s\n' "$*" >> "$answer.log"
            [ -f "$answer.zfs" ] || { echo "ssh: connect to host 10.0.0.2 port 22: No route to host" >&2; exit 255; }
            if [ "$1 $2" = "zfs get" ]; then cat "$answer.zfs"; fi
            """;

        public string Address => "script";

        public bool RunsHere => true;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => ["sh", "-c", Script, "zfs-script", Path.Combine(directory, node), .. command];
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
