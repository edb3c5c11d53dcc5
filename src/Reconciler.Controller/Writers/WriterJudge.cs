using System.Globalization;
using Reconciler.Core.Model;
using Reconciler.Storage.Cycle;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Controller.Writers;

/// <summary>
/// Judges, from what was observed, who writes each dataset at run time: a container that mounts
/// its mountpoint, something under it or a directory above it read-write on its node (managed by
/// Swarm or not) besides the declared writer; the writer's service running more than one task;
/// and a copy that is mounted read-write, or was written since its newest snapshot. Pure, so
/// every case is a fast test; observing is <see cref="Ports.IWriterObserver"/>'s job.
/// </summary>
public static class WriterJudge
{
    /// <summary>The nodes whose containers to list: each dataset's, and those of copies that are mounted (an unmounted copy has nothing to write through).</summary>
    public static IReadOnlyList<string> NodesToWatch(DesiredState state, IReadOnlyList<ReplicaState> replicas) =>
        Watched(state).Select(d => d.Node).Concat(replicas.Where(r => r.MountedAt is not null).Select(r => r.Node))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The Swarm services of the declared writers, whose running tasks are counted.</summary>
    public static IReadOnlyList<string> WriterServices(DesiredState state) =>
        Watched(state).Select(d => ServiceOf(d.Writer)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The datasets the check covers: those with a mountpoint, which containers can write through.</summary>
    public static IEnumerable<DatasetManifest> Watched(DesiredState state) =>
        state.Datasets.Where(d => d.Mountpoint.Length > 0).OrderBy(d => d.Name, StringComparer.Ordinal);

    /// <param name="replicas">The copies as the storage cycle found them before sending; empty when it did not run.</param>
    public static IReadOnlyList<DatasetWriters> Judge(DesiredState state, IReadOnlyList<ReplicaState> replicas, WriterObservation observed)
    {
        var judged = new List<DatasetWriters>();
        foreach (var dataset in Watched(state))
        {
            var findings = new List<WriterFinding>();
            int? writers = null;
            IReadOnlyList<string> containers = [];
            if (observed.Nodes.Contains(dataset.Node))
            {
                var writing = Writing(observed, dataset.Node, dataset.Mountpoint);
                writers = writing.Count;
                containers = writing.Select(w => w.Container.Describe()).ToList();
                findings.AddRange(Foreign(dataset, writing));
            }

            if (ServiceOf(dataset.Writer) is { } service && observed.RunningTasks.GetValueOrDefault(service) is > 1 and var tasks)
            {
                findings.Add(new WriterFinding(dataset.Name, WriterCheck.Tasks, service,
                    $"{service}, the writer of {dataset.Name}, runs {tasks} tasks: two writers corrupt data (a `docker service scale` by hand, or an old task stuck in an update)",
                    $"docker service scale {service}=1, or find the stuck task with docker service ps {service}"));
            }

            foreach (var replica in replicas.Where(r => r.Source == dataset.Name))
            {
                findings.AddRange(Copy(dataset, replica, observed));
            }

            judged.Add(new DatasetWriters(dataset.Name, dataset.Node, dataset.Guard, writers, containers, findings));
        }

        return judged;
    }

    /// <summary>The containers on a node that can write at <paramref name="mountpoint"/>, each with the mount that does.</summary>
    private static List<(RunningContainer Container, string Source)> Writing(WriterObservation observed, string node, string mountpoint) =>
        observed.Containers.Where(c => c.Node == node)
            .Select(c => (Container: c, Mount: c.Mounts.FirstOrDefault(m => m.ReadWrite && Writes(m.Source.TrimEnd('/'), mountpoint))))
            .Where(w => w.Mount is not null)
            .Select(w => (w.Container, w.Mount!.Source))
            .ToList();

    /// <summary>
    /// The mountpoint or a path under it; or a directory above it, which carries the dataset's
    /// mount along (Docker binds recursively). Mountpoints never nest (RC308), so one dataset holds a path.
    /// </summary>
    private static bool Writes(string source, string mountpoint) =>
        HostPath.IsUnder(source, mountpoint) || HostPath.IsUnder(mountpoint, source);

    /// <summary>Each container that writes the dataset besides its writer; without a declared writer, any second one (none to stop: which to keep is not known).</summary>
    private static IEnumerable<WriterFinding> Foreign(DatasetManifest dataset, List<(RunningContainer Container, string Source)> writing)
    {
        if (ServiceOf(dataset.Writer) is not { } writer)
        {
            if (writing.Count > 1)
            {
                yield return new WriterFinding(dataset.Name, WriterCheck.Container, dataset.Name,
                    $"{writing.Count} containers write {dataset.Name} on {dataset.Node}: {string.Join(", ", writing.Select(w => w.Container.Describe()))}; two writers corrupt data",
                    "stop all but one, and name that one's service as spec.writer on the Dataset");
            }

            yield break;
        }

        var running = writing.Any(w => w.Container.Service == writer) ? string.Empty : $" (which is not running on {dataset.Node} now)";
        foreach (var (container, source) in writing.Where(w => w.Container.Service != writer))
        {
            yield return new WriterFinding(dataset.Name, WriterCheck.Container, container.Name,
                $"{container.Describe()} on {dataset.Node} mounts {source} read-write: it writes {dataset.Name} besides its writer {dataset.Writer}{running}",
                container.Service is { } other
                    ? $"mount the dataset read-only (:ro) in {other} or scale it to 0; stopping the container only makes Swarm start another"
                    : $"stop it (docker stop {container.Name} on {dataset.Node}) or mount the dataset read-only there; guard: stop on the Dataset has the controller stop it")
            {
                Container = container,
            };
        }
    }

    /// <summary>A copy anyone can write to, writes to, or wrote to since its newest snapshot.</summary>
    private static IEnumerable<WriterFinding> Copy(DatasetManifest dataset, ReplicaState replica, WriterObservation observed)
    {
        var subject = $"{replica.Node}:{replica.Dataset}";
        if (replica.MountedAt is { } at && !replica.ReadOnly)
        {
            yield return new WriterFinding(dataset.Name, WriterCheck.ReplicaMounted, subject,
                $"the copy {replica.Dataset} of {dataset.Name} on {replica.Node} is mounted read-write at {at}: anything written there, even access times, makes the next receive fail (or, with force: true, be thrown away)",
                $"zfs unmount {replica.Dataset} on {replica.Node}; to read it there, zfs set readonly=on {replica.Dataset} first");
        }

        if (replica.MountedAt is { } mounted && observed.Nodes.Contains(replica.Node))
        {
            foreach (var (container, source) in Writing(observed, replica.Node, mounted))
            {
                yield return new WriterFinding(dataset.Name, WriterCheck.Container, container.Name,
                    $"{container.Describe()} on {replica.Node} mounts {source} read-write: it writes {replica.Dataset}, the copy of {dataset.Name}",
                    $"stop it (docker stop {container.Name} on {replica.Node}); nothing may write a copy")
                {
                    Container = container,
                };
            }
        }

        if (replica.Written is { } written and > 0)
        {
            yield return new WriterFinding(dataset.Name, WriterCheck.ReplicaWritten, subject,
                $"{Bytes(written)} written to the copy {replica.Dataset} of {dataset.Name} on {replica.Node} since its newest snapshot {replica.NewestSnapshot}: the next receive fails (or, with force: true, throws them away)",
                $"copy off what you need, then zfs rollback {replica.Dataset}@{replica.NewestSnapshot} on {replica.Node}");
        }
    }

    /// <summary>"stack/service" as the Swarm service docker stack deploy names ("stack_service").</summary>
    private static string? ServiceOf(string? writer) =>
        writer?.Split('/') is [var stack, var service] ? StackNames.Scope(stack, service) : null;

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):0.#} GiB"),
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.#} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
