using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Storage.Nodes;
namespace Reconciler.Controller.Recovery;

/// <summary>
/// On the manager, after a successful apply: writes to the worker everything a failover needs
/// without the manager or the git server (the commit's desired-state files, the state, the swarm's
/// init parameters, the controller's configuration) over the node shell storage already uses,
/// as one tar stream unpacked by a fixed script (files 0600, directories 0700, the swap described
/// in <see cref="StandbyLayout"/>), and records how it went in the manager's state directory.
/// </summary>
public sealed class StandbyWriter(StorageNode worker, string workerStateDirectory, string stateDirectory, IDockerClient docker, TimeProvider time)
{
    // Fixed, never built from input: the directory arrives as $1. umask 077 makes every
    // directory it creates 0700 and every file 0600 whatever the archive says.
    private const string UnpackScript = """
        set -e
        umask 077
        d="$1"
        mkdir -p "$d"
        chmod 0700 "$d"
        rm -rf "$d/.incoming"
        mkdir "$d/.incoming"
        tar -x --no-same-owner --no-same-permissions -f - -C "$d/.incoming"
        sync "$d/.incoming"/*
        if [ -e "$d/current" ]; then rm -rf "$d/previous"; mv "$d/current" "$d/previous"; fi
        mv "$d/.incoming" "$d/current"
        """;

    /// <summary>The failover epoch to stamp on the copy (0 until a failover has happened).</summary>
    public long Epoch { get; init; }

    public string Worker => worker.Name;

    /// <summary>Writes the standby for a commit that just applied; never throws for a worker or engine that does not answer: the record says why.</summary>
    public async Task<StandbyRecord> RefreshAsync(
        string commit, IRepositoryFiles files, ReconcilerState state, string configuration, CancellationToken cancellationToken)
    {
        var directory = StandbyLayout.In(workerStateDirectory);
        var previous = StandbyRecord.Load(stateDirectory);
        StandbyRecord record;
        try
        {
            var swarm = await SwarmInitParameters.ObserveAsync(docker, worker.Name, cancellationToken).ConfigureAwait(false);
            var payload = new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [StandbyLayout.DesiredState] = DesiredStateArchive.Pack(files),
                [StandbyLayout.State] = JsonSerializer.SerializeToUtf8Bytes(state, StateStore.Options.Info<ReconcilerState>()),
                [StandbyLayout.Swarm] = JsonSerializer.SerializeToUtf8Bytes(swarm, StandbyManifest.Json.Info<SwarmInitParameters>()),
                [StandbyLayout.Configuration] = Encoding.UTF8.GetBytes(configuration),
            };
            var manifest = StandbyManifest.For(commit, time.GetUtcNow(), swarm.Manager, Epoch, payload);
            payload[StandbyLayout.Manifest] = manifest.ToBytes();
            await SendAsync(directory, payload, cancellationToken).ConfigureAwait(false);
            record = new StandbyRecord(worker.Name, directory, manifest, time.GetUtcNow(), null) { Address = worker.Shell.Address };
        }
        catch (Exception e) when (e is NodeCommandException or DockerApiException or HttpRequestException or InvalidOperationException or IOException)
        {
            record = new StandbyRecord(worker.Name, directory, previous?.Written, time.GetUtcNow(), e.Message) { Address = worker.Shell.Address };
        }

        record.Save(stateDirectory);
        return record;
    }

    private async Task SendAsync(string directory, IReadOnlyDictionary<string, byte[]> payload, CancellationToken cancellationToken)
    {
        string[] command = ["sh", "-c", UnpackScript, "reconciler-standby", directory];
        using var unpack = worker.Shell.Start(command);
        var output = unpack.Output.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            await using (var tar = new TarWriter(unpack.Input, TarEntryFormat.Pax, leaveOpen: false))
            {
                foreach (var (name, content) in payload)
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                    {
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        DataStream = new MemoryStream(content),
                    };
                    await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
            // The remote side ended early (unreachable, no space): its exit status says why.
        }

        await output.ConfigureAwait(false);
        var result = await unpack.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new NodeCommandException(worker.Name, ["sh", "-c", "(unpack the standby)", directory], result);
        }
    }
}
