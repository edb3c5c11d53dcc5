using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>A stack's compose file after interpolation, with the parts validation reasons about.</summary>
public sealed record ComposeFile(SourceDocument Source, IReadOnlyList<ComposeService> Services)
{
    public ComposeService? FindService(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>How many tasks Swarm runs for a service.</summary>
public enum DeployMode
{
    Replicated,
    Global,
    ReplicatedJob,
    GlobalJob,
}

public sealed record ComposeService(
    string Name,
    string Pointer,
    DeployMode Mode,
    long Replicas,
    string? UpdateOrder,
    IReadOnlyList<PlacementConstraint> Constraints,
    IReadOnlyList<ServiceMount> Mounts,
    bool Privileged,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> Devices)
{
    /// <summary>At most one task at any time, counting jobs and global services honestly.</summary>
    public bool RunsAtMostOneTask => Mode switch
    {
        DeployMode.Replicated => Replicas <= 1,
        DeployMode.ReplicatedJob => Replicas <= 1,
        _ => false,
    };
}

public enum MountType
{
    Bind,
    Volume,
    Tmpfs,
    Other,
}

public sealed record ServiceMount(MountType Type, string? Source, string Target, bool ReadOnly, string Pointer);
