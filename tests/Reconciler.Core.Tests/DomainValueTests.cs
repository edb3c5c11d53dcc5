using Reconciler.Core.Model;

namespace Reconciler.Core.Tests;

public sealed class DomainValueTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    public void Durations_parse(string text, int seconds)
    {
        var duration = Duration.Read(text);

        Assert.Equal(TimeSpan.FromSeconds(seconds), duration.Value);
        Assert.Equal(text, duration.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("15 m")]
    [InlineData("0s")]
    [InlineData("1y")]
    [InlineData("-5m")]
    public void Bad_durations_do_not_parse(string text)
    {
        var duration = Duration.Read(text);

        Assert.False(duration.IsValid);
        Assert.Equal(text, duration.Text);
        Assert.Throws<InvalidOperationException>(() => duration.Value);
    }

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(90061, "1d1h1m1s")]
    public void Durations_format_back(int seconds, string text) => Assert.Equal(text, Duration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Retention_grid_parses_into_buckets()
    {
        Assert.True(RetentionGrid.TryParse("4x15m, 24x1h,7x1d", out var grid, out _));

        Assert.Equal(
            [new RetentionBucket(4, TimeSpan.FromMinutes(15)), new RetentionBucket(24, TimeSpan.FromHours(1)), new RetentionBucket(7, TimeSpan.FromDays(1))],
            grid.Buckets);
    }

    [Theory]
    [InlineData("/srv/a", "/srv", true)]
    [InlineData("/srv", "/srv", true)]
    [InlineData("/srvx", "/srv", false)]
    [InlineData("/srv/a/b", "/srv/a", true)]
    public void Containment_respects_path_segments(string path, string root, bool under) => Assert.Equal(under, HostPath.IsUnder(path, root));

    [Theory]
    [InlineData("tank", true)]
    [InlineData("tank/apps/vault-warden_1.2:x", true)]
    [InlineData("tank/", false)]
    [InlineData("mirror/x", false)]
    [InlineData("tank/a b", false)]
    public void Dataset_names_follow_zfs(string name, bool valid) => Assert.Equal(valid, Names.IsDatasetName(name));

    [Theory]
    [InlineData("local", true)]
    [InlineData("root@10.0.0.2", true)]
    [InlineData("backup@hermes.lan:2222", true)]
    [InlineData("hermes", true)]
    [InlineData("root@", false)]
    [InlineData("root@host; rm -rf /", false)]
    public void Node_addresses_are_safe_ssh_destinations(string address, bool valid) => Assert.Equal(valid, Names.IsNodeAddress(address));
}
