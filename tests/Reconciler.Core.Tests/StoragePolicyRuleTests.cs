using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

/// <summary>Paths and Dataset mountpoints stay under the storage roots and clear of the system's directories; shares need the policy.</summary>
public sealed class StoragePolicyRuleTests
{
    [Fact]
    public void Storage_roots_default_to_the_bind_roots()
    {
        var repo = new TestRepository().Replace("paths.yaml", "path: /srv/config/web", "path: /opt/web");

        repo.Validate().One(Rules.StorageOutsideRoots, repo.Locate("paths.yaml", "/opt/web"));
    }

    [Fact]
    public void A_storage_root_is_compared_by_whole_path_components()
    {
        var repo = new TestRepository().Replace("data.yaml", "mountpoint: /srv/data/db", "mountpoint: /srvx/db");

        repo.Validate().One(Rules.StorageOutsideRoots, repo.Locate("data.yaml", "/srvx/db"));
    }

    [Fact]
    public void Storage_roots_of_their_own_allow_storage_outside_the_bind_roots()
    {
        var repo = new TestRepository()
            .Replace("data.yaml", "mountpoint: /srv/data/db", "mountpoint: /tank/db")
            .Replace("app/compose.yaml", "/srv/data/db/", "/tank/db/")
            .Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv, /tank]\n    storageRoots: [/srv, /tank]");

        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Theory]
    [InlineData("/etc", "a protected directory")]
    [InlineData("/etc/cron.d", "under /etc")]
    [InlineData("/var", "contains /var/run, /var/lib/docker, /var/lib/reconciler")]
    [InlineData("/var/lib", "contains /var/lib/docker, /var/lib/reconciler")]
    [InlineData("/var/lib/reconciler/mirror", "under /var/lib/reconciler")]
    [InlineData("/root/.ssh", "under /root")]
    [InlineData("/boot", "a protected directory")]
    [InlineData("/usr/local/bin", "under /usr")]
    public void System_directories_are_refused_whatever_the_roots_say(string path, string why)
    {
        var repo = new TestRepository()
            .Replace("paths.yaml", "path: /srv/config/web", $"path: {path}")
            .Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    storageRoots: [/srv, /etc, /var, /root, /boot, /usr]");

        var d = repo.Validate().One(Rules.StorageProtected, repo.Locate("paths.yaml", path));
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_directory_is_never_a_storage_root()
    {
        var repo = new TestRepository().Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    storageRoots: [/]");

        repo.Validate().One(Rules.PathForm, repo.Locate("cluster.yaml", "/]"));
    }

    [Fact]
    public void Sharing_a_dataset_needs_the_policy()
    {
        var repo = new TestRepository().Replace("data.yaml", "mode: \"0700\"", "mode: \"0700\"\n  properties: {sharenfs: \"rw=@0.0.0.0/0,no_root_squash\", sharesmb: \"off\"}");

        repo.Validate().Single(Rules.ShareNotAllowed, repo.Locate("data.yaml", "sharenfs"));
        repo.Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    allowShares: true");
        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Fact]
    public void A_mountpoint_property_cannot_bypass_the_spec()
    {
        var repo = new TestRepository().Replace("data.yaml", "mode: \"0700\"", "mode: \"0700\"\n  properties: {mountpoint: /root/.ssh}");

        repo.Validate().Single(Rules.ReservedProperty, repo.Locate("data.yaml", "mountpoint: /root"));
    }
}
