using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;

namespace Reconciler.Storage.Tests;

/// <summary>
/// The storage cycle reads a replication target's receive_resume_token where the target's zfs has
/// one (OpenZFS), so an interrupted transfer is resumed, and never asks zfs-fuse for it, which has
/// no such property. The nodes are scripts that answer like an empty pool and log what they run.
/// </summary>
public sealed class StorageCycleResumeTokenTests : IDisposable
{
    private readonly string logs = Directory.CreateTempSubdirectory("reconciler-cycle-").FullName;

    [Theory]
    [InlineData("openzfs", true)]
    [InlineData("zfs-fuse", false)]
    public async Task The_targets_resume_token_is_read_only_where_its_zfs_has_one(string flavor, bool asked)
    {
        var nodes = new StorageNodes([new StorageNode("atlas", new ScriptShell(Log("atlas"), "openzfs")), new StorageNode("hermes", new ScriptShell(Log("hermes"), flavor))]);

        await new StorageCycle(nodes, TimeProvider.System).RunAsync(Repository(), CancellationToken.None);

        var get = File.ReadAllLines(Log("hermes")).First(l => l.StartsWith("zfs get ", StringComparison.Ordinal));
        Assert.Equal(asked, get.Contains("receive_resume_token", StringComparison.Ordinal));
        Assert.Contains(asked ? ",readonly,written," : ",readonly,used,referenced", get, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Log("atlas")), l => l.StartsWith("zfs get ", StringComparison.Ordinal) && l.Contains("receive_resume_token", StringComparison.Ordinal));
    }

    private string Log(string node) => Path.Combine(logs, node + ".log");

    private static DesiredState Repository() => TwoNodes.Replicated();

    /// <summary>A node whose zfs is a script: `zfs version` as the flavour answers it, everything else an empty pool.</summary>
    private sealed class ScriptShell(string log, string flavor) : INodeShell
    {
        private const string Script = """
            log=$1 flavor=$2; shift 2
            printf '%s\n' "$*" >> "$log"
            if [ "$1 $2" = "zfs version" ]; then
              [ "$flavor" = openzfs ] || { echo "unrecognized command 'version'" >&2; exit 2; }
              echo zfs-2.1.11-1; echo zfs-kmod-2.1.11-1
            fi
            """;

        public string Address => "script";

        public bool RunsHere => true;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => ["sh", "-c", Script, "zfs-script", log, flavor, .. command];
    }

    public void Dispose() => Directory.Delete(logs, recursive: true);
}
