using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.State;

/// <summary>
/// A file only root reads (0600), replaced atomically: the new content goes to a temporary file
/// that is flushed and then renamed over the old one, so a crash at any moment leaves either the
/// old or the new content, never half of one.
/// </summary>
public static class PrivateFile
{
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";

        // A temporary file a crash left behind keeps its old mode when reopened: start afresh, 0600.
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, CreateOptions()))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateDirectory.FileMode;
        }

        return options;
    }
}
