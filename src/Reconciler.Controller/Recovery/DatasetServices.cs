using Reconciler.Core.Compose;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Recovery;

/// <summary>A declared service that mounts a dataset: its Swarm name, whether it can be scaled, and the replicas the repository gives it.</summary>
public sealed record DatasetService(string Name, bool Replicated, ulong Replicas, TimeSpan ConvergenceTimeout);

public static class DatasetServices
{
    /// <summary>
    /// Every service of the repository with a bind mount of the dataset's mountpoint or of a path
    /// under it, read-write (its writer) or read-only: a restore stops them all, since a reader too
    /// holds the mount and would read the timeline being replaced.
    /// </summary>
    public static IReadOnlyList<DatasetService> Of(DesiredState state, DatasetManifest dataset) =>
        state.Stacks
            .Select(stack => (Stack: stack, Compose: state.ComposeOf(stack)))
            .Where(s => s.Compose is not null)
            .SelectMany(s => s.Compose!.Services
                .Where(service => service.Mounts.Any(m => m.HostPath is { } path && HostPath.IsUnder(path, dataset.Mountpoint)))
                .Select(service => new DatasetService(
                    Swarm.Conversion.StackNames.Scope(s.Stack.Name, service.Name),
                    service.Deploy.Mode == DeployMode.Replicated,
                    (ulong)Math.Max(0, service.Deploy.ReplicaCount),
                    s.Stack.ConvergenceTimeout.Value)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
}
