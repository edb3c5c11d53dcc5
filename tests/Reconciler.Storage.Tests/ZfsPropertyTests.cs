using Reconciler.Storage.Zfs;

namespace Reconciler.Storage.Tests;

public sealed class ZfsPropertyTests
{
    [Theory]
    [InlineData("recordsize", "16K", "16384")]
    [InlineData("recordsize", "1M", "1048576")]
    [InlineData("quota", "1.5G", "1610612736")]
    [InlineData("quota", "none", "0")]
    [InlineData("recordsize", "131072", "131072")]
    [InlineData("compression", "on", "on")]
    [InlineData("atime", "off", "off")]
    public void Values_compare_as_zfs_get_p_prints_them(string property, string value, string expected) =>
        Assert.Equal(expected, ZfsProperty.Normalize(property, value));
}
