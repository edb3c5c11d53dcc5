using Docker.DotNet.Models;

namespace Reconciler.Swarm.Conversion;

/// <summary>Everything one stack deploys, as Engine API specs: what docker stack deploy would send.</summary>
public sealed record StackObjects(
    string Stack,
    IReadOnlyList<ServiceSpec> Services,
    IReadOnlyList<NetworksCreateParameters> Networks,
    IReadOnlyList<SwarmConfigSpec> Configs,
    IReadOnlyList<SwarmSecretSpec> Secrets,
    IReadOnlyList<string> Errors);
