using Reconciler.Controller.Recovery;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class StandbyViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly StandbyManifest Written = StandbyManifest.For("1a2b3c4d5e6f7a8b", Now.AddMinutes(-3), "atlas", 0, new Dictionary<string, byte[]>());

    [Fact]
    public void On_the_manager_a_refresh_of_the_last_good_commit_is_fresh()
    {
        var view = StandbyView.Of(new StandbyRecord("hermes", "/var/lib/reconciler/standby", Written, Now.AddMinutes(-3), null), "1a2b3c4d5e6f7a8b", Now);

        Assert.True(view.Fresh);
        Assert.Equal(180, view.AgeSeconds);
        Assert.Equal("on hermes: 1a2b3c4d5e6f written 2026-12-02 11:57:00Z (3m ago), fresh", view.Describe());
    }

    [Fact]
    public void On_the_manager_a_failed_refresh_keeps_the_copy_written_before_and_is_stale()
    {
        var view = StandbyView.Of(new StandbyRecord("hermes", "/x", Written, Now.AddMinutes(-1), "on hermes: ssh: connect refused"), "1a2b3c4d5e6f7a8b", Now);

        Assert.False(view.Fresh);
        Assert.Equal("1a2b3c4d5e6f7a8b", view.Commit);
        Assert.Equal("on hermes: 1a2b3c4d5e6f written 2026-12-02 11:57:00Z (3m ago), STALE: the refresh at 2026-12-02 11:59:00Z failed: on hermes: ssh: connect refused", view.Describe());
    }

    [Fact]
    public void On_the_manager_a_copy_of_an_older_commit_is_stale()
    {
        var view = StandbyView.Of(new StandbyRecord("hermes", "/x", Written, Now, null), "ffff", Now);

        Assert.False(view.Fresh);
        Assert.Equal("it holds 1a2b3c4d5e6f, not the last good commit ffff", view.Problem);
    }

    [Fact]
    public void On_the_worker_the_view_is_its_copy()
    {
        Assert.Equal("on hermes: none, STALE: no standby", StandbyView.Of("hermes", StandbyCopy.Absent("no standby"), Now).Describe());
    }
}
