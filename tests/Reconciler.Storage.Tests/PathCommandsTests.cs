using Reconciler.Storage.Nodes;
using Reconciler.Storage.Paths;

namespace Reconciler.Storage.Tests;

/// <summary>The path commands run for real on this machine: they create and change only what the path names, never through a symlink.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PathCommandsTests : IDisposable
{
    private readonly LocalShell shell = new();
    private readonly string root = Directory.CreateTempSubdirectory("reconciler-paths-").FullName;

    private async Task<(long Uid, long Gid)> MeAsync() => (
        long.Parse((await shell.RunAsync(["id", "-u"], CancellationToken.None)).Output, System.Globalization.CultureInfo.InvariantCulture),
        long.Parse((await shell.RunAsync(["id", "-g"], CancellationToken.None)).Output, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A directory another user may not write (the stand-in for /etc/cron.d), and a parent of the Path pointing at it.</summary>
    private string Trap()
    {
        var outside = Directory.CreateDirectory(Path.Combine(root, "outside")).FullName;
        File.SetUnixFileMode(outside, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(root, "srv"));
        Directory.CreateSymbolicLink(Path.Combine(root, "srv", "app"), outside);
        return outside;
    }

    [Fact]
    public async Task Create_makes_missing_parents_0755_and_the_directory_with_its_mode_and_owner()
    {
        var (uid, gid) = await MeAsync();
        var path = Path.Combine(root, "srv", "deep", "app");

        var result = await shell.RunAsync(PathCommands.Create(path, "0710", uid, gid, recursive: false), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute, File.GetUnixFileMode(path));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(root, "srv", "deep")));
    }

    [Fact]
    public async Task Chmod_through_a_symlinked_parent_is_refused_and_the_link_target_keeps_its_mode()
    {
        var outside = Trap();
        Directory.CreateDirectory(Path.Combine(outside, "data"));
        File.SetUnixFileMode(Path.Combine(outside, "data"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await shell.RunAsync(PathCommands.Chmod(Path.Combine(root, "srv", "app", "data"), "0777"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("srv/app is a symlink; reconciler never follows one", result.Error, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(outside, "data")));
    }

    [Fact]
    public async Task Create_and_chown_through_a_symlinked_parent_are_refused_and_nothing_appears_behind_the_link()
    {
        var (uid, gid) = await MeAsync();
        var outside = Trap();
        var path = Path.Combine(root, "srv", "app", "data");

        var create = await shell.RunAsync(PathCommands.Create(path, "0777", uid, gid, recursive: true), CancellationToken.None);
        var chown = await shell.RunAsync(PathCommands.Chown(Path.Combine(root, "srv", "app"), uid, gid, recursive: false), CancellationToken.None);

        Assert.False(create.Succeeded);
        Assert.False(chown.Succeeded);
        Assert.Contains("is a symlink", chown.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task A_name_with_spaces_quotes_or_a_leading_dash_is_just_a_name()
    {
        var path = Path.Combine(root, "-x it's $HOME *");

        var result = await shell.RunAsync(PathCommands.Create(path, "0750", (await MeAsync()).Uid, (await MeAsync()).Gid, recursive: false), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(Directory.Exists(path));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
