using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>One Cluster with a manager; unique names per kind, node names, and mountpoints.</summary>
internal sealed class UniquenessRules : IStateRule
{
    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        if (state.Cluster is null)
        {
            var first = state.Manifests.FirstOrDefault();
            yield return Rules.ClusterCount.At(first?.Source.Start ?? new SourceLocation(".", 1, 1),
                "the repository declares no Cluster: add one manifest of kind Cluster listing the nodes");
        }

        foreach (var extra in state.ExtraClusters)
        {
            yield return Rules.ClusterCount.At(extra.Source.Locate("/kind"),
                $"a second Cluster ('{extra.Name}'); the repository describes one cluster, declared at {state.Cluster!.Source.Locate("/kind")}");
        }

        foreach (var group in state.Manifests.Where(m => m.Name.Length > 0).GroupBy(m => (m.Kind, m.Name)).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                yield return Rules.DuplicateName.At(duplicate.Source.Locate("/metadata/name"),
                    $"{duplicate.Kind} '{duplicate.Name}' is already declared at {first.Source.Locate("/metadata/name")}");
            }
        }

        if (state.Cluster is not { } cluster)
        {
            yield break;
        }

        foreach (var group in cluster.Nodes.Where(n => n.Name.Length > 0).GroupBy(n => n.Name).Where(g => g.Count() > 1))
        {
            foreach (var duplicate in group.Skip(1))
            {
                yield return Rules.DuplicateName.At(cluster.Source.Locate(duplicate.Pointer + "/name"), $"node '{duplicate.Name}' is listed twice");
            }
        }

        // A misspelt role is already an error of its own (RC106); do not also claim there is no manager.
        if (cluster.Nodes.Count > 0 && cluster.Nodes.All(n => n.Role == NodeRole.Worker))
        {
            yield return Rules.NoManager.At(cluster.Source.Locate("/spec/nodes"), "no node has role: manager; a Swarm needs one");
        }

        var datasets = state.Datasets.Where(d => d.Mountpoint.Length > 0).ToList();
        for (var i = 0; i < datasets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (datasets[j], datasets[i]);
                if (a.Node == b.Node && (HostPath.IsUnder(a.Mountpoint, b.Mountpoint) || HostPath.IsUnder(b.Mountpoint, a.Mountpoint)))
                {
                    yield return Rules.MountpointClash.At(b.Source.Locate("/spec/mountpoint"),
                        $"mountpoint {b.Mountpoint} of {b.Name} overlaps {a.Mountpoint} of {a.Name} on node {a.Node}; give each dataset its own directory");
                }
            }
        }
    }
}
