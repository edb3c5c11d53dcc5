namespace Reconciler.Storage.Nodes;

/// <summary>
/// A directory only this user may enter (0700): the state directory (history, the mirror and its
/// credentials-free config) and the ssh control sockets inside it, which anyone who can reach
/// them could use to run commands as root on the nodes.
/// </summary>
public static class PrivateDirectory
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of files kept in one: read and write for this user only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates the directory 0700, or narrows an existing one to 0700 (an older version made it
    /// 0755). An existing one that another user owns is refused, and so is a symlink in its place
    /// when <paramref name="allowLink"/> is false: it could lead anywhere.
    /// </summary>
    public static void Ensure(string path, bool allowLink = false)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var info = new DirectoryInfo(path);
        if (info.LinkTarget is { } target && !allowLink)
        {
            throw new IOException($"{path} is a symlink (to {target}); reconciler keeps private files only in a real directory: remove the link");
        }

        if (!info.Exists)
        {
            Directory.CreateDirectory(path, Mode);
            return;
        }

        if (OwnerOf(path) is { } owner && owner != Environment.UserName)
        {
            throw new IOException($"{path} belongs to {owner}, not {Environment.UserName}; reconciler keeps private files only in a directory of its own: remove it");
        }

        if ((info.UnixFileMode & Shared) != 0)
        {
            File.SetUnixFileMode(path, info.UnixFileMode & ~Shared);
        }
    }

    /// <summary>.NET has no owner for a file, so coreutils' stat tells (without following a link).</summary>
    private static string? OwnerOf(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stat") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "%U", "--", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var stat = System.Diagnostics.Process.Start(start)!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return stat.ExitCode == 0 ? owner : throw new IOException($"cannot read the owner of {path}: {stat.StandardError.ReadToEnd().Trim()}");
    }
}
