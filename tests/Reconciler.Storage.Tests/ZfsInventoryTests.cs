using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

/// <summary>Parsing the one `zfs get -H -p` a node answers per cycle (output captured from the lab's zfs-fuse).</summary>
public sealed class ZfsInventoryTests
{
    private const string Output =
        "tank\ttype\tfilesystem\ntank\tguid\t11893392686929839935\ntank\tmountpoint\tnone\ntank\treconciler:managed\t-\n"
        + "tank/apps/x\ttype\tfilesystem\ntank/apps/x\tguid\t7689104385736964629\ntank/apps/x\tcreation\t1795666319\n"
        + "tank/apps/x\tmountpoint\t/srv/data/x\ntank/apps/x\tmounted\tyes\ntank/apps/x\trecordsize\t16384\ntank/apps/x\treconciler:managed\ttrue\n"
        + "tank/apps/x@s2\ttype\tsnapshot\ntank/apps/x@s2\tguid\t4575886482912929398\ntank/apps/x@s2\tcreation\t1795666322\n"
        + "tank/apps/x@s1\ttype\tsnapshot\ntank/apps/x@s1\tguid\t10552742236727084054\ntank/apps/x@s1\tcreation\t1795666319\n"
        + "tank/apps/x@s1\treconciler:restore\t20261126T101500Z\ntank/apps/x@s2\treconciler:restore\t-\n";

    [Fact]
    public void Datasets_their_properties_and_management_mark_are_read()
    {
        var inventory = ZfsInventory.Parse(Output);

        Assert.True(inventory.Exists("tank"));
        Assert.False(inventory.IsManaged("tank"));
        Assert.True(inventory.IsManaged("tank/apps/x"));
        Assert.Equal("16384", inventory.Get("tank/apps/x", "recordsize"));
        Assert.Equal("-", inventory.Get("tank/apps/x", "compression"));
        Assert.Null(inventory.Get("tank/other", "mountpoint"));
        Assert.Equal(["tank/apps/x"], inventory.ManagedDatasets);
    }

    [Fact]
    public void Snapshots_are_grouped_by_dataset_oldest_first_with_guid_and_creation()
    {
        var snapshots = ZfsInventory.Parse(Output).SnapshotsOf("tank/apps/x")!;

        Assert.Equal(["s1", "s2"], snapshots.Select(s => s.Name));
        Assert.Equal("10552742236727084054", snapshots[0].Guid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795666319), snapshots[0].Created);
    }

    [Fact]
    public void A_restores_mark_on_a_snapshot_is_read_and_an_unset_one_is_none()
    {
        var snapshots = ZfsInventory.Parse(Output).SnapshotsOf("tank/apps/x")!;

        Assert.Equal(("20261126T101500Z", (string?)null), (snapshots[0].RestoreMark, snapshots[1].RestoreMark));
    }

    [Fact]
    public void Snapshots_taken_within_one_second_keep_the_pools_order()
    {
        var output = "tank/a\ttype\tfilesystem\n"
            + "tank/a@late\ttype\tsnapshot\ntank/a@late\tcreation\t1795666319\ntank/a@late\tcreatetxg\t12\n"
            + "tank/a@early\ttype\tsnapshot\ntank/a@early\tcreation\t1795666319\ntank/a@early\tcreatetxg\t11\n";

        Assert.Equal(["early", "late"], ZfsInventory.Parse(output).SnapshotsOf("tank/a")!.Select(s => s.Name));
    }

    [Fact]
    public void A_dataset_without_snapshots_has_an_empty_list_and_a_missing_one_has_none()
    {
        var inventory = ZfsInventory.Parse(Output);

        Assert.Empty(inventory.SnapshotsOf("tank")!);
        Assert.Null(inventory.SnapshotsOf("backup/x"));
    }

    [Fact]
    public void One_call_reads_every_dataset_with_the_declared_properties()
    {
        Assert.Equal(
            ["zfs", "get", "-H", "-p", "-o", "name,property,value", "type,guid,creation,createtxg,mountpoint,mounted,reconciler:managed,reconciler:restore,compression,recordsize"],
            ZfsInventory.GetCommand(["compression", "recordsize", "compression"]));
    }
}
