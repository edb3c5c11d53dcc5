using System.Text.Json.Nodes;

namespace Reconciler.Core.Compose;

/// <summary>
/// One compose service. The fields policy and the single-writer rule govern are typed here;
/// <see cref="Definition"/> keeps the interpolated mapping for runtime settings no rule
/// reasons about (command, healthcheck, logging, ...), which the converter copies through.
/// </summary>
public sealed record ComposeService(string Name, string Pointer, JsonObject Definition)
{
    public string? Image { get; init; }

    public ServiceDeploy Deploy { get; init; } = new();

    public IReadOnlyList<ServiceMount> Mounts { get; init; } = [];

    /// <summary>The networks the service attaches to, as written; none means the stack's default network.</summary>
    public IReadOnlyList<ServiceNetwork> Networks { get; init; } = [];

    public IReadOnlyList<ObjectReference> Configs { get; init; } = [];

    public IReadOnlyList<ObjectReference> Secrets { get; init; } = [];

    public IReadOnlyList<EnvFileReference> EnvFiles { get; init; } = [];

    /// <summary>
    /// The environment section in order, pass-through names already resolved from the Stack's
    /// variables; a null value is a name that has none, sent bare as docker stack deploy does.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Environment { get; init; } = [];

    public HostAccess Host { get; init; } = new();

    /// <summary>The Stack variables the definition reads: in ${VAR} interpolation and as pass-through environment names.</summary>
    public IReadOnlySet<string> Variables { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>At most one task at any time, counting jobs and global services honestly.</summary>
    public bool RunsAtMostOneTask => Deploy.Mode switch
    {
        DeployMode.Replicated or DeployMode.ReplicatedJob => Deploy.ReplicaCount <= 1,
        _ => false,
    };
}

/// <summary>How many tasks Swarm runs for a service.</summary>
public enum DeployMode
{
    Replicated,
    Global,
    ReplicatedJob,
    GlobalJob,
}

/// <summary>The deploy settings rules reason about: task count, update order and placement.</summary>
public sealed record ServiceDeploy
{
    public DeployMode Mode { get; init; } = DeployMode.Replicated;

    /// <summary>deploy.replicas as written (after coercion); null when absent.</summary>
    public long? Replicas { get; init; }

    public long ReplicaCount => Replicas ?? 1;

    public string? UpdateOrder { get; init; }

    /// <summary>Placement constraints, every one parsed (one that does not parse is a diagnostic).</summary>
    public IReadOnlyList<PlacementConstraint> Constraints { get; init; } = [];
}

/// <summary>
/// What a service asks of the host beyond its mounts: privileges, devices, kernel settings,
/// the host's namespaces and security profiles. All of it is policy's business.
/// </summary>
public sealed record HostAccess
{
    public bool Privileged { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> Devices { get; init; } = [];

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? Pid { get; init; }

    public string? Ipc { get; init; }

    public string? Uts { get; init; }

    public string? UsernsMode { get; init; }

    public string? Cgroup { get; init; }

    public string? NetworkMode { get; init; }

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
}
