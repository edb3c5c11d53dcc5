using System.Globalization;
using Reconciler.Core.Model;

namespace Reconciler.Core.Tests;

/// <summary>
/// What a desired state says, as text, leaving out where it was written: two states with equal
/// shapes deploy the same thing. Lets a test compare a repository's state with an overlaid one.
/// </summary>
internal static class StateShape
{
    public static string Of(DesiredState state)
    {
        var lines = new List<string>();
        foreach (var node in state.Cluster?.Nodes ?? [])
        {
            lines.Add($"node {node.Name} {node.Role} {node.Address} {Map(node.Labels)}");
        }

        lines.AddRange(state.Datasets.Select(d =>
            $"dataset {d.Name} on {d.Node} at {d.Mountpoint} {d.Owner}:{d.Group} {d.Mode} {Map(d.Properties)} writer={d.Writer} snapshots={d.Snapshots?.Every.Text}/{d.Snapshots?.Keep.Text}/{d.Snapshots?.Prefix}"));
        lines.AddRange(state.Paths.Select(p => $"path {p.Name} {p.Path} {p.Owner}:{p.Group} {p.Mode} on [{string.Join(",", p.Nodes)}] recursive={p.Recursive}"));
        lines.AddRange(state.Replications.Select(r => $"replication {r.Name} {r.SourceDataset} -> {r.TargetNode}:{r.TargetDataset} every {r.Every.Text}"));
        foreach (var stack in state.Stacks)
        {
            foreach (var service in state.ComposeOf(stack)?.Services ?? [])
            {
                lines.Add($"service {stack.Name}/{service.Name} [{string.Join(", ", service.Deploy.Constraints.Select(c => c.Text))}] {service.Definition.ToJsonString()}");
            }
        }

        return string.Join('\n', lines);
    }

    private static string Map(IReadOnlyDictionary<string, string> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))) + "}";
}
