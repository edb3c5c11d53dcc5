using Reconciler.Core.Model;

namespace Reconciler.Core.Compose;

/// <summary>Which declared nodes a service's tasks may be scheduled on.</summary>
public static class Placement
{
    public static IReadOnlyList<ClusterNode> EligibleNodes(ComposeService service, ClusterManifest cluster) =>
        cluster.Nodes.Where(node => service.Deploy.Constraints.All(c => c.Allows(node))).ToList();

    /// <summary>True when the service can only ever run on the named node.</summary>
    public static bool IsPinnedTo(ComposeService service, ClusterManifest cluster, string node) =>
        EligibleNodes(service, cluster) is [{ } only] && only.Name == node;
}
