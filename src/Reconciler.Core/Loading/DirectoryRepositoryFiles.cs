using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Reconciler.Core.Loading;

/// <summary>
/// A desired-state repository read from a directory on disk (a checkout or a plain folder),
/// without ever leaving it: a symbolic link is followed only when it resolves to a regular
/// file inside the directory (checked on the opened file, so a link swapped in after the check
/// is caught too); links to directories are not walked; FIFOs, sockets and devices are never
/// opened for reading. What is refused is reported, never silently skipped.
/// </summary>
public sealed class DirectoryRepositoryFiles : IRepositoryFiles
{
    private static readonly EnumerationOptions OneLevel = new() { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };

    private readonly string root;
    private readonly string realRoot;
    private readonly ReadLedger ledger = new();
    private readonly Lazy<IReadOnlyList<string>> listing;

    public DirectoryRepositoryFiles(string root)
    {
        this.root = Path.GetFullPath(root).TrimEnd('/');
        using var handle = UnixFile.Open(this.root);
        realRoot = (handle is null ? null : UnixFile.PathOf(handle))?.TrimEnd('/') ?? this.root;
        listing = new(Walk);
    }

    public IReadOnlyList<RefusedFile> Refused => ledger.Refused;

    public IEnumerable<string> List() => listing.Value;

    public string? Read(string path)
    {
        if (ReadBytes(path) is not { } bytes)
        {
            return null;
        }

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public byte[]? ReadBytes(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root + '/', StringComparison.Ordinal) || ledger.IsRefused(path))
        {
            return null;
        }

        // Look before opening: opening some devices has effects of its own.
        var (kind, _) = UnixFile.Stat(full, followLinks: true);
        if (kind == FileKind.Missing)
        {
            return null;
        }

        if (kind != FileKind.Regular)
        {
            RefuseSpecial(path, kind);
            return null;
        }

        using var handle = UnixFile.Open(full);
        if (handle is null || !Admissible(path, full, handle, out var size) || !ledger.Admit(path, size))
        {
            return null;
        }

        return ReadAll(path, handle);
    }

    /// <summary>Whether the opened file is a regular file inside the repository, whatever the path looked like when checked.</summary>
    private bool Admissible(string path, string full, SafeFileHandle handle, out long size)
    {
        var real = UnixFile.PathOf(handle);
        if (real is null || !real.StartsWith(realRoot + '/', StringComparison.Ordinal))
        {
            RefuseLink(path, full, real);
            size = 0;
            return false;
        }

        (var kind, size) = UnixFile.Stat(handle);
        if (kind != FileKind.Regular)
        {
            RefuseSpecial(path, kind);
            return false;
        }

        return true;
    }

    private byte[]? ReadAll(string path, SafeFileHandle handle)
    {
        // One byte more than the budget tells a file that grew after it was measured.
        var buffer = new byte[RepositoryBudgets.MaxFileBytes + 1];
        var length = 0;
        int count;
        while (length < buffer.Length && (count = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
        {
            length += count;
        }

        if (length > RepositoryBudgets.MaxFileBytes)
        {
            ledger.Refuse(path, Refusal.FileTooLarge,
                $"it grew beyond {RepositoryBudgets.MaxFileBytes} bytes while it was read; a file of the repository may have at most that many");
            return null;
        }

        return buffer[..length];
    }

    private List<string> Walk()
    {
        var files = new List<string>();
        var pending = new Stack<string>([root]);
        var entries = 0;
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", OneLevel))
            {
                if (Path.GetFileName(entry).StartsWith('.'))
                {
                    continue; // .git, .github and other hidden entries are not part of the desired state
                }

                var path = Relative(entry);
                if (++entries > RepositoryBudgets.MaxEntries)
                {
                    ledger.Refuse(path, Refusal.RepositoryTooLarge,
                        $"the repository has more than {RepositoryBudgets.MaxEntries} files and directories, so the rest was not read; point reconciler at the directory that holds the desired state");
                    files.Sort(StringComparer.Ordinal);
                    return files;
                }

                switch (UnixFile.Stat(entry, followLinks: false).Kind)
                {
                    case FileKind.Directory:
                        pending.Push(entry);
                        break;
                    case FileKind.Regular:
                        files.Add(path);
                        break;
                    case FileKind.Link when LinksToFileInside(path, entry):
                        files.Add(path);
                        break;
                    case FileKind.Link or FileKind.Missing:
                        break; // refused above, or gone while the directory was read
                    case var kind:
                        RefuseSpecial(path, kind);
                        break;
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// A link to a regular file inside the repository is listed under its own name; one to a
    /// directory inside is not walked (its files are listed where they are, and walking links
    /// could loop); anything else is refused.
    /// </summary>
    private bool LinksToFileInside(string path, string full)
    {
        var (kind, _) = UnixFile.Stat(full, followLinks: true);
        if (kind is FileKind.Missing)
        {
            ledger.Refuse(path, Refusal.LinkLeavesRepository,
                $"it is a symbolic link to '{LinkTarget(full)}', which does not exist (or the links loop); remove it or point it at a file of the repository");
            return false;
        }

        if (kind is not (FileKind.Regular or FileKind.Directory))
        {
            RefuseSpecial(path, kind);
            return false;
        }

        using var handle = UnixFile.Open(full);
        var real = handle is null ? null : UnixFile.PathOf(handle);
        if (real is null || !(real + '/').StartsWith(realRoot + '/', StringComparison.Ordinal))
        {
            RefuseLink(path, full, real);
            return false;
        }

        return kind == FileKind.Regular;
    }

    private void RefuseLink(string path, string full, string? real) =>
        ledger.Refuse(path, Refusal.LinkLeavesRepository,
            $"it leads through a symbolic link to '{new FileInfo(full).LinkTarget ?? real}', which is outside the repository; reconciler reads only what the repository holds: copy the file in instead");

    private void RefuseSpecial(string path, FileKind kind) =>
        ledger.Refuse(path, Refusal.NotRegularFile,
            $"it is a {(kind == FileKind.Directory ? "directory" : "FIFO, socket or device")}, not a regular file; replace it with a regular file");

    private static string LinkTarget(string full) => new FileInfo(full).LinkTarget ?? Path.GetFileName(full);

    private string Relative(string full) => Path.GetRelativePath(root, full).Replace('\\', '/');
}
