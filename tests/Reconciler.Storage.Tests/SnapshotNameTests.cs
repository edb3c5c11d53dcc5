using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Tests;

public sealed class SnapshotNameTests
{
    [Fact]
    public void Names_carry_the_utc_time_and_parse_back()
    {
        var time = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.FromHours(1));

        var name = SnapshotName.For("reconciler", time);

        Assert.Equal("reconciler_20261124T143000Z", name);
        Assert.Equal(time, SnapshotName.TimeOf("reconciler", name));
    }

    [Theory]
    [InlineData("autosnap_2026-11-24_14:30:00_hourly")]
    [InlineData("reconciler_yesterday")]
    [InlineData("reconcilerx_20261124T143000Z")]
    public void Other_snapshots_are_not_ours(string name) => Assert.False(SnapshotName.IsOurs("reconciler", name));

    [Fact]
    public void A_snapshot_is_due_after_one_interval()
    {
        var now = new DateTimeOffset(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);
        var last = new Snapshot(SnapshotName.For("reconciler", now.AddMinutes(-14)), now.AddMinutes(-14));

        Assert.False(SnapshotSchedule.IsDue([last], "reconciler", TimeSpan.FromMinutes(15), now));
        Assert.True(SnapshotSchedule.IsDue([last], "reconciler", TimeSpan.FromMinutes(15), now.AddMinutes(1)));
        Assert.True(SnapshotSchedule.IsDue([], "reconciler", TimeSpan.FromMinutes(15), now));
    }
}
