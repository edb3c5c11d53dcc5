using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>Every node, writer and dataset a manifest names must be declared.</summary>
internal sealed class ReferenceRules : IStateRule
{
    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        var nodes = state.Cluster?.Nodes.Select(n => n.Name).ToList();
        if (nodes is not null)
        {
            foreach (var path in state.Paths)
            {
                for (var i = 0; i < path.Nodes.Count; i++)
                {
                    if (UnknownNode(path, path.Nodes[i], JsonPointers.Child("/spec/nodes", i), nodes) is { } d)
                    {
                        yield return d;
                    }
                }
            }

            foreach (var dataset in state.Datasets)
            {
                if (UnknownNode(dataset, dataset.Node, "/spec/node", nodes) is { } d)
                {
                    yield return d;
                }
            }

            foreach (var replication in state.Replications)
            {
                if (UnknownNode(replication, replication.TargetNode, "/spec/target/node", nodes) is { } d)
                {
                    yield return d;
                }
            }
        }

        foreach (var dataset in state.Datasets.Where(d => d.Writer is not null))
        {
            if (WriterProblem(state, dataset.Writer!) is { } problem)
            {
                yield return Rules.UnknownWriter.At(dataset.Source.Locate("/spec/writer"), problem);
            }
        }

        foreach (var replication in state.Replications)
        {
            foreach (var d in CheckReplication(state, replication))
            {
                yield return d;
            }
        }
    }

    private static Diagnostic? UnknownNode(Manifest manifest, string node, string pointer, IReadOnlyList<string> nodes) =>
        node.Length == 0 || nodes.Contains(node)
            ? null
            : Rules.UnknownNode.At(manifest.Source.Locate(pointer),
                $"node '{node}' is not declared in the Cluster.{Suggestions.Hint(node, nodes)} Nodes: {string.Join(", ", nodes)}");

    private static string? WriterProblem(DesiredState state, string writer)
    {
        if (writer.Split('/') is not [var stackName, var serviceName] || stackName.Length == 0 || serviceName.Length == 0)
        {
            return null; // the field rule already explained the stack/service form
        }

        var stack = state.Stacks.FirstOrDefault(s => s.Name == stackName);
        if (stack is null)
        {
            return $"writer '{writer}' names stack '{stackName}', which is not declared.{Suggestions.Hint(stackName, state.Stacks.Select(s => s.Name))}";
        }

        var compose = state.ComposeOf(stack);
        return compose is null || compose.FindService(serviceName) is not null
            ? null
            : $"writer '{writer}' names service '{serviceName}', which stack '{stackName}' does not have.{Suggestions.Hint(serviceName, compose.Services.Select(s => s.Name))}";
    }

    private static IEnumerable<Diagnostic> CheckReplication(DesiredState state, ReplicationManifest replication)
    {
        var source = state.Datasets.FirstOrDefault(d => d.Name == replication.SourceDataset);
        if (source is null && replication.SourceDataset.Length > 0)
        {
            yield return Rules.UnknownDataset.At(replication.Source.Locate("/spec/source"),
                $"source '{replication.SourceDataset}' is not a declared Dataset.{Suggestions.Hint(replication.SourceDataset, state.Datasets.Select(d => d.Name))}");
        }

        if (source is not null && source.Node.Length > 0 && source.Node == replication.TargetNode)
        {
            yield return Rules.ReplicationSameNode.At(replication.Source.Locate("/spec/target/node"),
                $"the target node '{replication.TargetNode}' also holds the source dataset; replicate to another node so a node failure cannot take both");
        }

        if (replication is { Every.IsValid: true, MaxLag.IsValid: true } && replication.MaxLag.Value < replication.Every.Value)
        {
            yield return Rules.MaxLagBelowEvery.At(replication.Source.Locate("/spec/maxLag"),
                $"maxLag {replication.MaxLag.Text} is shorter than every {replication.Every.Text}: the replication would always be lagging; make maxLag at least {replication.Every.Text}");
        }
    }
}
