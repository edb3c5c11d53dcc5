using Reconciler.Controller.Recovery;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>
/// The refusals of fencing a lost manager over ssh, against a scripted node (a real process that
/// answers as systemctl would). Fencing that succeeds is drilled on the lab
/// (FailoverLabTests), with a real sshd, dockerd and zfs-fuse.
/// </summary>
public sealed class ManagerFenceTests
{
    // The unit is missing (Docker not run by systemd there): no dataset may be touched.
    private const string DockerNotLoaded = """
        [ "$1" = systemctl ] && { echo "Failed to stop docker.service: Unit docker.service not loaded." >&2; exit 5; }
        echo "not expected: $*" >&2; exit 99
        """;

    private const string DockerStillStopping = """
        [ "$1 $2" = "systemctl stop" ] && exit 0
        [ "$1 $2" = "systemctl is-active" ] && { echo deactivating; exit 3; }
        echo "not expected: $*" >&2; exit 99
        """;

    [Theory]
    [InlineData(DockerNotLoaded, "`systemctl stop docker.socket docker.service` failed there (Failed to stop docker.service: Unit docker.service not loaded.)")]
    [InlineData(DockerStillStopping, "Docker there is still deactivating after it was stopped")]
    public async Task A_manager_whose_Docker_does_not_stop_is_not_fenced_and_its_datasets_are_not_touched(string script, string why)
    {
        var fence = await ManagerFence.FenceAsync(Node(script), CancellationToken.None);

        Assert.False(fence.Succeeded);
        Assert.Equal(why, fence.Detail);
    }

    [Fact]
    public async Task A_dataset_that_stays_mounted_is_a_failed_fence_naming_it()
    {
        var fence = await ManagerFence.FenceAsync(Node("""
            [ "$1" = systemctl ] && { [ "$2" = is-active ] && { echo inactive; exit 3; }; exit 0; }
            [ "$1 $2" = "zfs get" ] && { printf 'tank/db\t%s\t%s\n' type filesystem reconciler:managed true readonly off canmount on mounted yes; exit 0; }
            [ "$1 $2" = "zfs set" ] && exit 0
            [ "$1 $2" = "zfs unmount" ] && { echo "cannot unmount '/srv/db': target is in use" >&2; exit 1; }
            echo "not expected: $*" >&2; exit 99
            """), CancellationToken.None);

        Assert.False(fence.Succeeded);
        Assert.Contains("tank/db stayed mounted, read-only (cannot unmount '/srv/db': target is in use)", fence.Detail, StringComparison.Ordinal);
    }

    private static StorageNode Node(string script) => new("atlas", new ScriptShell(script));

    private sealed class ScriptShell(string script) : INodeShell
    {
        public string Address => "script";

        public bool RunsHere => true;

        public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => ["sh", "-c", script, "manager", .. command];
    }
}
