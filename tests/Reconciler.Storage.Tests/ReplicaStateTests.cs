using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

/// <summary>
/// A replication target read from its node's `zfs get`: mounted, read-only, and the bytes written
/// since its newest snapshot, from OpenZFS's `written` or, on zfs-fuse, from what the newest
/// snapshot alone holds and how far the dataset's size moved (values captured on the lab's zfs-fuse).
/// </summary>
public sealed class ReplicaStateTests
{
    private const string Received =
        "backup/app\ttype\tfilesystem\nbackup/app\tmountpoint\tnone\nbackup/app\tmounted\tno\nbackup/app\treadonly\toff\n"
        + "backup/app\tused\t385024\nbackup/app\treferenced\t385024\n"
        + "backup/app@s1\ttype\tsnapshot\nbackup/app@s1\tcreation\t1795666319\nbackup/app@s1\tused\t98304\nbackup/app@s1\treferenced\t300000\n"
        + "backup/app@s2\ttype\tsnapshot\nbackup/app@s2\tcreation\t1795666400\nbackup/app@s2\tused\t0\nbackup/app@s2\treferenced\t385024\n";

    [Fact]
    public void A_copy_as_received_is_unmounted_and_unwritten()
    {
        var replica = ReplicaState.Of(Replication(), ZfsInventory.Parse(Received))!;

        Assert.Equal(new ReplicaState("app-copy", "tank/app", "hermes", "backup/app", null, false, 0, "s2"), replica);
    }

    [Fact]
    public void On_zfs_fuse_an_overwrite_shows_in_what_the_newest_snapshot_alone_holds()
    {
        var written = Received.Replace("backup/app@s2\tused\t0", "backup/app@s2\tused\t229376", StringComparison.Ordinal)
            .Replace("backup/app\tmountpoint\tnone\nbackup/app\tmounted\tno", "backup/app\tmountpoint\t/srv/copy\nbackup/app\tmounted\tyes", StringComparison.Ordinal);

        var replica = ReplicaState.Of(Replication(), ZfsInventory.Parse(written))!;

        Assert.Equal(("/srv/copy", 229376L), (replica.MountedAt, replica.Written));
    }

    [Theory]
    [InlineData(385024 + 4096, 4096)]
    [InlineData(385024 - 8192, 8192)]
    public void On_zfs_fuse_a_new_or_removed_file_shows_in_how_far_the_size_moved(long referenced, long expected)
    {
        var written = Received.Replace("backup/app\treferenced\t385024", $"backup/app\treferenced\t{referenced}", StringComparison.Ordinal);

        Assert.Equal(expected, ReplicaState.Of(Replication(), ZfsInventory.Parse(written))!.Written);
    }

    [Fact]
    public void On_OpenZFS_written_is_read_as_it_is()
    {
        var openZfs = "backup/app\ttype\tfilesystem\nbackup/app\tmounted\tno\nbackup/app\treadonly\ton\nbackup/app\twritten\t12288\n"
            + "backup/app@s2\ttype\tsnapshot\nbackup/app@s2\tcreation\t1795666400\nbackup/app@s2\twritten\t385024\n";

        var replica = ReplicaState.Of(Replication(), ZfsInventory.Parse(openZfs))!;

        Assert.Equal((true, 12288L), (replica.ReadOnly, replica.Written));
    }

    [Fact]
    public void Without_a_snapshot_or_the_properties_what_was_written_is_unknown_and_a_missing_target_has_no_state()
    {
        Assert.Null(ReplicaState.Of(Replication(), ZfsInventory.Parse("backup/app\ttype\tfilesystem\nbackup/app\treferenced\t1\n"))!.Written);
        Assert.Null(ReplicaState.Of(Replication(), ZfsInventory.Parse(Received.Replace("\tused\t0", "\tused\t-", StringComparison.Ordinal)))!.Written);
        Assert.Null(ReplicaState.Of(Replication(), ZfsInventory.Parse("backup\ttype\tfilesystem\n")));
    }

    [Fact]
    public void Each_zfs_is_asked_for_what_it_has()
    {
        Assert.Equal(["readonly", "written"], ZfsInventory.ReplicaProperties(ZfsFeatures.OpenZfs("zfs-2.2.2-1")));
        Assert.Equal(["readonly", "used", "referenced"], ZfsInventory.ReplicaProperties(ZfsFeatures.ZfsFuse));
    }

    private static ReplicationManifest Replication() => TwoNodes.Replicated().Replications.Single();
}
