using Docker.DotNet.Models;

namespace Reconciler.Swarm.Conversion;

/// <summary>Everything one stack deploys, as Engine API specs: what docker stack deploy would send.</summary>
public sealed record StackObjects(
    string Stack,
    IReadOnlyList<ServiceSpec> Services,
    IReadOnlyList<NetworksCreateParameters> Networks,
    IReadOnlyList<SwarmConfigSpec> Configs,
    IReadOnlyList<SwarmSecretSpec> Secrets,
    IReadOnlyList<string> Errors)
{
    /// <summary>Services whose environment holds values from a SOPS-encrypted env_file: plans must not show their values.</summary>
    public IReadOnlySet<string> SensitiveServices { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
