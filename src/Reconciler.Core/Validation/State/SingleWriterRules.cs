using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// The design's guard against corruption: a dataset is written by exactly one container.
/// Only its writer mounts it read-write; the writer runs at most one task, never starts a
/// second during an update, and is pinned to the node that holds the dataset.
/// </summary>
internal sealed class SingleWriterRules : IStateRule
{
    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        var writersSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stack in state.Stacks)
        {
            if (state.ComposeOf(stack) is not { } compose)
            {
                continue;
            }

            foreach (var service in compose.Services)
            {
                var id = $"{stack.Name}/{service.Name}";
                foreach (var mount in service.Mounts.Where(m => m.HostPath is not null && !m.ReadOnly))
                {
                    var dataset = state.Datasets.FirstOrDefault(d => d.Mountpoint.Length > 0 && HostPath.IsUnder(mount.HostPath!, d.Mountpoint));
                    if (dataset is null)
                    {
                        continue;
                    }

                    if (dataset.Writer == id)
                    {
                        writersSeen.Add(dataset.Name);
                        if (mount.HostPath!.TrimEnd('/') == dataset.Mountpoint)
                        {
                            yield return BindsMountpoint(compose, mount, id, dataset);
                        }

                        continue;
                    }

                    yield return Rules.ForeignWriter.At(compose.Source.Locate(mount.Pointer),
                        dataset.Writer is null
                            ? $"service '{id}' mounts dataset {dataset.Name} read-write, but the dataset names no writer; set spec.writer: {id} on the Dataset or mount it read-only (:ro)"
                            : $"service '{id}' mounts dataset {dataset.Name} read-write, but its writer is {dataset.Writer}; mount it read-only (:ro) here");
                }

                foreach (var dataset in state.Datasets.Where(d => d.Writer == id))
                {
                    foreach (var d in CheckWriter(state.Cluster, compose, service, dataset))
                    {
                        yield return d;
                    }
                }
            }
        }

        foreach (var dataset in state.Datasets.Where(d => d.Writer is not null && d.Mountpoint.Length > 0 && !writersSeen.Contains(d.Name)))
        {
            var stack = dataset.Writer!.Split('/')[0];
            if (state.Stacks.FirstOrDefault(s => s.Name == stack) is { } owner && state.ComposeOf(owner)?.FindService(dataset.Writer.Split('/')[^1]) is not null)
            {
                yield return Rules.WriterDoesNotMount.At(dataset.Source.Locate("/spec/writer"),
                    $"writer {dataset.Writer} does not bind-mount {dataset.Mountpoint} read-write; check the service's volumes");
            }
        }

        // Without a declared writer the controller cannot tell which container to keep.
        foreach (var dataset in state.Datasets.Where(d => d.Guard == WriterGuard.Stop && d.Writer is null))
        {
            yield return Rules.GuardWithoutWriter.At(dataset.Source.Locate("/spec/guard"),
                $"guard: stop on {dataset.Name} needs spec.writer: the controller keeps the writer and stops any other container that writes the dataset; name the writer or use guard: alert");
        }
    }

    /// <summary>
    /// A fenced or unmounted dataset (the guard after a failover) leaves an empty directory at its
    /// mountpoint, on the root filesystem: a writer bound to the mountpoint would start there and
    /// write beside the data, while a bind of a subdirectory fails the task for want of it.
    /// </summary>
    private static Diagnostic BindsMountpoint(ComposeFile compose, ServiceMount mount, string id, DatasetManifest dataset) =>
        Rules.WriterBindsMountpoint.At(compose.Source.Locate(mount.Pointer),
            $"writer {id} binds {dataset.Mountpoint}, the mountpoint of dataset {dataset.Name}: while the dataset is unmounted (fenced after a failover) "
            + $"it would write into the empty directory underneath, on the root filesystem; bind a subdirectory such as {dataset.Mountpoint}/data, "
            + "declared as a Path with owner and mode, so the task fails instead");

    private static IEnumerable<Diagnostic> CheckWriter(ClusterManifest? cluster, ComposeFile compose, ComposeService service, DatasetManifest dataset)
    {
        var at = compose.Source.LocateKey(service.Pointer);
        if (!service.RunsAtMostOneTask)
        {
            var field = service.Deploy.Mode == DeployMode.Replicated ? "/deploy/replicas" : "/deploy/mode";
            yield return Rules.WriterReplicas.At(compose.Source.LocateKey(service.Pointer + field),
                $"service '{service.Name}' writes dataset {dataset.Name} but can run {(service.Deploy.Mode is DeployMode.Global or DeployMode.GlobalJob ? "one task per node (global mode)" : $"{service.Deploy.ReplicaCount} replicas")}; two writers corrupt data: use mode: replicated with replicas: 1");
        }

        if (service.Deploy.UpdateOrder == "start-first")
        {
            yield return Rules.WriterStartFirst.At(compose.Source.Locate(service.Pointer + "/deploy/update_config/order"),
                $"service '{service.Name}' writes dataset {dataset.Name} and updates start-first, which runs two writers during every update; use order: stop-first");
        }

        // An undeclared dataset node is reported once (RC302), not again for every service.
        if (cluster?.FindNode(dataset.Node) is not null && !Placement.IsPinnedTo(service, cluster, dataset.Node))
        {
            yield return Rules.WriterNotPinned.At(at,
                $"service '{service.Name}' writes dataset {dataset.Name}, which lives on {dataset.Node}, but is not pinned there; add deploy.placement.constraints: [node.hostname == {dataset.Node}]");
        }
    }
}
