using Reconciler.Storage.Paths;

namespace Reconciler.Storage.Tests;

public sealed class PathProbeTests
{
    [Fact]
    public void Directories_symlinks_and_missing_paths_are_told_apart()
    {
        var output = "directory\t1000\t1000\t750\t/srv/a\0symbolic link\t0\t0\t777\t/srv/link\0directory\t0\t0\t1777\t/srv/with\ttab\0";

        var states = PathProbe.Parse(["/srv/a", "/srv/link", "/srv/gone", "/srv/with\ttab"], output);

        Assert.Equal(new PathState("/srv/a", PathKind.Directory, 1000, 1000, "0750", "directory"), states["/srv/a"]);
        Assert.Equal(PathKind.Other, states["/srv/link"].Kind);
        Assert.Equal(PathKind.Missing, states["/srv/gone"].Kind);
        Assert.Equal("1777", states["/srv/with\ttab"].Mode);
    }

    [Fact]
    public void One_stat_reads_every_path_without_following_symlinks()
    {
        var command = PathProbe.Command(["/srv/a", "-odd"]);

        Assert.Equal(["stat", "--printf", "%F\\t%u\\t%g\\t%a\\t%n\\0", "--", "/srv/a", "-odd"], command);
        Assert.DoesNotContain("-L", command);
    }
}
