using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Resources;

/// <summary>The Swarm resources a repository asks for: every stack's objects and the Cluster's node labels.</summary>
public sealed record DesiredSwarm(IReadOnlyList<Resource> Resources, IReadOnlyList<string> Errors)
{
    public static DesiredSwarm From(DesiredState state, IRepositoryFiles files)
    {
        var resources = new List<Resource>();
        var errors = new List<string>();
        foreach (var stack in state.Stacks)
        {
            if (state.ComposeOf(stack) is not { } compose)
            {
                continue;
            }

            var owner = ResourceOwner.OfStack(stack.Name, stack.Prune, stack.Source.Locate("/metadata/name"));
            var objects = StackConverter.Convert(stack, compose, files);
            errors.AddRange(objects.Errors);
            var namesOnly = new Dictionary<string, string>(StringComparer.Ordinal); // desired specs name their networks already
            resources.AddRange(objects.Networks.Select(n => SwarmResource.Network(n.Name, n.Driver, n.Internal, n.Attachable, n.Labels, owner, n)));
            resources.AddRange(objects.Configs.Select(c => SwarmResource.Config(c.Name!, c.Labels, owner, c)));
            resources.AddRange(objects.Secrets.Select(s => SwarmResource.Secret(s.Name!, s.Labels, owner, s)));
            resources.AddRange(objects.Services.Select(s => SwarmResource.Service(s, owner, namesOnly) with { Sensitive = objects.SensitiveServices.Contains(s.Name ?? string.Empty) }));
        }

        if (state.Cluster is { } cluster)
        {
            var owner = new ResourceOwner(OwnerKind.Cluster, cluster.Name, Prune: false, cluster.Source.Locate("/metadata/name"));
            resources.AddRange(cluster.Nodes.SelectMany(node => node.Labels.Select(label => SwarmResource.NodeLabel(node.Name, label.Key, label.Value, owner))));
        }

        return new DesiredSwarm(resources, errors);
    }
}
