namespace Reconciler.Swarm.Resources;

/// <summary>The resource kinds the Swarm provider manages (names used in plans).</summary>
public static class SwarmKinds
{
    public const string Service = "service";
    public const string Network = "network";
    public const string Config = "config";
    public const string Secret = "secret";
    public const string NodeLabel = "node-label";

    /// <summary>The apply order: node labels (placement may need them), then what services use, then services.</summary>
    public static readonly IReadOnlyList<string> Order = [NodeLabel, Network, Config, Secret, Service];
}
