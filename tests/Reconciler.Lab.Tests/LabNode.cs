namespace Reconciler.Lab.Tests;

/// <summary>The lab manager's hostname as its Swarm knows it (the Cluster manifest must name it).</summary>
internal static class LabNode
{
    private static readonly Lazy<string> Name = new(() =>
    {
        using var docker = Lab.Connect();
        var nodes = docker.Swarm.ListNodesAsync().GetAwaiter().GetResult();
        return nodes.Single(n => n.ManagerStatus?.Leader == true).Description!.Hostname!;
    });

    public static string Hostname => Lab.IsUp ? Name.Value : "missing-lab";
}
