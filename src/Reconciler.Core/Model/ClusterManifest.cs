using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

public sealed record ClusterManifest(string Name, SourceDocument Source, IReadOnlyList<ClusterNode> Nodes, Policy Policy, bool Prune)
    : Manifest(Name, Source)
{
    public override string Kind => "Cluster";

    public ClusterNode? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);
}

public enum NodeRole
{
    Unknown,
    Manager,
    Worker,
}

/// <summary>A Swarm node. Pointer addresses it in the Cluster document for diagnostics.</summary>
public sealed record ClusterNode(string Name, NodeRole Role, string Address, IReadOnlyDictionary<string, string> Labels, string Pointer)
{
    public bool IsLocal => Address == "local";
}

/// <summary>What compose files and storage manifests may ask for; the defaults are the safe ones.</summary>
public sealed record Policy(IReadOnlyList<string> BindRoots, bool AllowPrivileged, bool AllowDockerSocket)
{
    public static IReadOnlyList<string> DefaultBindRoots { get; } = ["/srv"];

    /// <summary>Where Paths and Dataset mountpoints may lie, as written; null (unset) means the bind roots.</summary>
    public IReadOnlyList<string>? StorageRoots { get; init; }

    /// <summary>Whether Datasets may export their data over the network (sharenfs, sharesmb).</summary>
    public bool AllowShares { get; init; }

    public IReadOnlyList<string> EffectiveStorageRoots => StorageRoots ?? BindRoots;

    /// <summary>Services may join the host's network stack (an external network named host, network_mode: host).</summary>
    public bool AllowHostNetwork { get; init; }

    /// <summary>Services may share the host's pid, ipc, uts, user or cgroup namespace.</summary>
    public bool AllowHostNamespaces { get; init; }

    /// <summary>Services may turn off seccomp, AppArmor or SELinux confinement in security_opt.</summary>
    public bool AllowUnconfined { get; init; }

    /// <summary>Services may set sysctls that are not namespaced, i.e. that change the whole host.</summary>
    public bool AllowHostSysctls { get; init; }

    /// <summary>Every compose secret file and Stack variables file must be SOPS-encrypted (policy.secrets.encrypted: required).</summary>
    public bool RequireEncryptedSecrets { get; init; }
}
