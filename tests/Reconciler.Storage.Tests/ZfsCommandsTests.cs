using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

public sealed class ZfsCommandsTests
{
    [Fact]
    public void A_dataset_is_created_marked_as_managed_with_its_mountpoint_and_properties()
    {
        Assert.Equal(
            ["zfs", "create", "-p", "-o", "mountpoint=/srv/data/vw", "-o", "reconciler:managed=true", "-o", "compression=on", "-o", "recordsize=16K", "tank/apps/vw"],
            ZfsCommands.Create("tank/apps/vw", "/srv/data/vw", new Dictionary<string, string> { ["recordsize"] = "16K", ["compression"] = "on" }));
    }

    [Theory]
    [InlineData(null, false, "zfs send tank/a@s3")]
    [InlineData("s1", false, "zfs send -i tank/a@s1 tank/a@s3")]
    [InlineData("s1", true, "zfs send -I tank/a@s1 tank/a@s3")]
    public void Sends_are_full_or_incremental_with_or_without_intermediates(string? from, bool intermediates, string expected) =>
        Assert.Equal(expected, string.Join(' ', ZfsCommands.Send("tank/a", "s3", from, intermediates)));

    [Fact]
    public void Receives_are_unmounted_and_only_forced_or_resumable_when_asked_and_possible()
    {
        Assert.Equal("zfs receive -u backup/a", string.Join(' ', ZfsCommands.Receive("backup/a", false, ZfsFeatures.ZfsFuse)));
        Assert.Equal("zfs receive -u -F backup/a", string.Join(' ', ZfsCommands.Receive("backup/a", true, ZfsFeatures.ZfsFuse)));
        Assert.Equal("zfs receive -u -s backup/a", string.Join(' ', ZfsCommands.Receive("backup/a", false, ZfsFeatures.OpenZfs("zfs-2.1.11-1"))));
    }
}
