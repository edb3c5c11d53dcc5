namespace Reconciler.Swarm.Resources;

/// <summary>The resource kinds the Swarm provider manages (names used in plans and ordering).</summary>
public static class SwarmKinds
{
    public const string Service = "service";
    public const string Network = "network";
    public const string Config = "config";
    public const string Secret = "secret";
    public const string NodeLabel = "node-label";
}
