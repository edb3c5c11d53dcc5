using System.Formats.Tar;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Reads the standby directory of a node through its shell (locally on the worker, over ssh from
/// the manager) as one tar stream, and picks the intact copy (<see cref="StandbyCopy.From"/>).
/// </summary>
public static class StandbyReader
{
    /// <summary>A standby holds a repository within the loader's budgets and a few small files; anything larger is not one.</summary>
    private const long MaxBytes = 64L << 20;

    // Exit 3: there is no standby directory or no copy in it (not an error of the shell or tar).
    private const string PackScript = """
        cd "$1" 2>/dev/null || exit 3
        set --
        for c in current previous; do if [ -d "$c" ]; then set -- "$@" "$c"; fi; done
        [ "$#" -gt 0 ] || exit 3
        exec tar -c -f - "$@"
        """;

    public static async Task<StandbyCopy> ReadAsync(StorageNode node, string stateDirectory, CancellationToken cancellationToken)
    {
        var directory = StandbyLayout.In(stateDirectory);
        string[] command = ["sh", "-c", PackScript, "reconciler-standby", directory];
        using var pack = node.Shell.Start(command);
        pack.Input.Close();
        using var archive = new MemoryStream();
        var copy = CopyBoundedAsync(pack.Output, archive, cancellationToken);
        var result = await pack.WaitAsync(cancellationToken).ConfigureAwait(false);
        var complete = await copy.ConfigureAwait(false);
        if (result.ExitCode == 3)
        {
            return StandbyCopy.Absent($"no standby on {node.Name} ({directory} holds no copy)");
        }

        if (!result.Succeeded)
        {
            throw new NodeCommandException(node.Name, ["sh", "-c", "(pack the standby)", directory], result);
        }

        if (!complete)
        {
            throw new InvalidDataException($"the standby on {node.Name} is larger than {MaxBytes >> 20} MiB; it is not one reconciler wrote");
        }

        archive.Position = 0;
        return StandbyCopy.From(Entries(archive));
    }

    /// <summary>Copies at most <see cref="MaxBytes"/>, draining the rest so the packing process can end; false when there was more.</summary>
    private static async Task<bool> CopyBoundedAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total <= MaxBytes)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        return total <= MaxBytes;
    }

    private static Dictionary<string, byte[]> Entries(Stream archive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(archive);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var content = new MemoryStream();
                data.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        return files;
    }
}
