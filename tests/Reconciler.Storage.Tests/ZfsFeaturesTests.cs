using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

public sealed class ZfsFeaturesTests
{
    [Fact]
    public void OpenZfs_is_recognised_by_its_version_line()
    {
        var features = ZfsFeatures.FromDetection(0, "zfs-2.1.11-1\nzfs-kmod-2.1.11-1\n");

        Assert.Equal("zfs-2.1.11-1", features.Flavor);
        Assert.True(features.ResumableReceive);
        Assert.Null(features.Unsupported("compression", "zstd"));
    }

    [Fact]
    public void Zfs_fuse_has_no_version_verb_and_no_lz4()
    {
        var features = ZfsFeatures.FromDetection(2, "usage: zfs command args ...");

        Assert.Same(ZfsFeatures.ZfsFuse, features);
        Assert.False(features.ResumableReceive);
        Assert.Contains("compression=lz4 is not supported by zfs-fuse", features.Unsupported("compression", "lz4"), StringComparison.Ordinal);
        Assert.Null(features.Unsupported("compression", "on"));
        Assert.Null(features.Unsupported("recordsize", "16K"));
    }
}
