namespace Reconciler.Controller.Writers;

/// <summary>
/// What the writer check observes each cycle besides the replicas (the storage cycle reads those):
/// the running containers of the nodes it looked at, with their mounts, and how many tasks each
/// writer's service runs. A node it could not look at is missing from <see cref="Nodes"/>, with why in <see cref="Errors"/>.
/// </summary>
public sealed record WriterObservation(
    IReadOnlyList<RunningContainer> Containers,
    IReadOnlySet<string> Nodes,
    IReadOnlyDictionary<string, int> RunningTasks,
    IReadOnlyList<string> Errors);

/// <summary>A running container on a node, managed by Swarm (a task of <see cref="Service"/>) or not, and what it mounts.</summary>
public sealed record RunningContainer(string Node, string Id, string Name, string? Service, IReadOnlyList<ContainerMount> Mounts)
{
    /// <summary>The Swarm label that names a task's service on its container.</summary>
    public const string ServiceLabel = "com.docker.swarm.service.name";

    public string Describe() => Service is null ? $"container {Name} (not a swarm task)" : $"container {Name} (a task of {Service})";
}

/// <summary>A mount's host source (a bind's path, a volume's directory) and whether the container may write there.</summary>
public sealed record ContainerMount(string Source, bool ReadWrite);
