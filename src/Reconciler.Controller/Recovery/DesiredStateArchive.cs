using System.Formats.Tar;
using System.Text;
using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// The desired-state files of one commit as a tar archive: what a failover loads when neither the
/// manager nor the git server answers. A tar rather than a git bundle because LibGit2Sharp cannot
/// write bundles, reading one needs the git CLI (nodes may lack it), and a failover needs the one
/// commit's tree, not its history; any node's `tar -x` and .NET read it. It holds exactly the files
/// the controller loaded (the manifest directory, hidden and refused files left out) and is
/// deterministic (sorted names, fixed times, owner root, 0600), so one tree always has one checksum.
/// </summary>
public static class DesiredStateArchive
{
    public static byte[] Pack(IRepositoryFiles files)
    {
        // SOPS files go to the worker's disk as the repository holds them, encrypted: a failover
        // decrypts them with the age key the worker is given, and plaintext never reaches a disk.
        files = files is SecretRepositoryFiles view ? view.Stored : files;
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var path in files.List().Order(StringComparer.Ordinal))
            {
                if (files.ReadBytes(path) is not { } bytes)
                {
                    continue;
                }

                var entry = new GnuTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    AccessTime = DateTimeOffset.UnixEpoch,
                    ChangeTime = DateTimeOffset.UnixEpoch,
                    DataStream = new MemoryStream(bytes),
                };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The archive's files as a repository; an entry that is not a plain relative file name is refused.</summary>
    public static IRepositoryFiles Unpack(byte[] archive)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                || entry.Name.StartsWith('/') || entry.Name.Split('/').Any(part => part is "" or "." or ".."))
            {
                throw new InvalidDataException($"the desired-state archive holds '{entry.Name}', which is not a file inside the repository");
            }

            using var text = new StreamReader(entry.DataStream ?? Stream.Null, Encoding.UTF8);
            files[entry.Name] = text.ReadToEnd();
        }

        return new InMemoryRepositoryFiles(files);
    }
}
