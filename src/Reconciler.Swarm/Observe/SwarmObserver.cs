using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Observe;

/// <summary>
/// Observe: five list calls per cycle whatever the number of stacks (nodes, networks,
/// services with their task counts, configs, secrets), never a per-object inspect loop.
/// Only objects labelled with a stack namespace are managed; everything else is invisible.
/// </summary>
public sealed class SwarmObserver(IDockerClient docker)
{
    public async Task<ObservedSwarm> ObserveAsync(DesiredState state, CancellationToken cancellationToken)
    {
        var nodes = await docker.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken).ConfigureAwait(false);
        var services = await docker.Swarm.ListServicesAsync(
            new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [StackNames.NamespaceLabel] = true } }, Status = true },
            cancellationToken).ConfigureAwait(false);
        var configs = await docker.Configs.ListConfigsAsync(cancellationToken).ConfigureAwait(false);
        var secrets = await docker.Secrets.ListAsync(cancellationToken).ConfigureAwait(false);

        var networkNames = networks.ToDictionary(n => n.ID!, n => n.Name!, StringComparer.Ordinal);
        var resources = new List<Resource>();
        foreach (var network in networks.Where(n => SwarmResource.StackOf(n.Labels) is not null && n.Scope == "swarm"))
        {
            resources.Add(SwarmResource.Network(network.Name, network.Driver, network.Internal, network.Attachable, network.Labels, Owner(state, network.Labels), null));
        }

        foreach (var config in configs.Where(c => SwarmResource.StackOf(c.Spec.Labels) is not null))
        {
            resources.Add(SwarmResource.Config(config.Spec.Name!, config.Spec.Labels, Owner(state, config.Spec.Labels)));
        }

        foreach (var secret in secrets.Where(s => SwarmResource.StackOf(s.Spec.Labels) is not null))
        {
            resources.Add(SwarmResource.Secret(secret.Spec.Name!, secret.Spec.Labels, Owner(state, secret.Spec.Labels)));
        }

        foreach (var service in services)
        {
            resources.Add(SwarmResource.Service(service.Spec!, Owner(state, service.Spec!.Labels), networkNames));
        }

        resources.AddRange(NodeLabels(state, nodes));
        return new ObservedSwarm(
            resources,
            services.ToDictionary(s => s.Spec!.Name!, StringComparer.Ordinal),
            networks.Where(n => n.Scope == "swarm").GroupBy(n => n.Name!).ToDictionary(g => g.Key, g => g.First().ID!, StringComparer.Ordinal),
            configs.ToDictionary(c => c.Spec!.Name!, c => c.ID!, StringComparer.Ordinal),
            secrets.ToDictionary(s => s.Spec!.Name!, s => s.ID!, StringComparer.Ordinal),
            nodes.GroupBy(n => n.Description!.Hostname!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
        {
            Contents = configs.Select(c => (Key: new ResourceKey(SwarmKinds.Config, c.Spec!.Name!), c.Spec.Labels))
                .Concat(secrets.Select(s => (Key: new ResourceKey(SwarmKinds.Secret, s.Spec!.Name!), s.Spec.Labels)))
                .Where(o => o.Labels?.ContainsKey(StackNames.ContentLabel) == true)
                .ToDictionary(o => o.Key, o => o.Labels![StackNames.ContentLabel]),
        };
    }

    /// <summary>
    /// The owner of a live object: its stack, pruning as that Stack says. A whole stack that left
    /// the repository is pruned only when the Cluster says prune: true and reconciler created it.
    /// </summary>
    private static ResourceOwner Owner(DesiredState state, IDictionary<string, string>? labels)
    {
        var stack = SwarmResource.StackOf(labels)!;
        var manifest = state.Stacks.FirstOrDefault(s => s.Name == stack);
        var prune = manifest is not null ? manifest.Prune : state.Cluster?.Prune == true && StackNames.IsManaged(labels);
        return ResourceOwner.OfStack(stack, prune);
    }

    /// <summary>Only label keys the repository declares for a node are observed; any other label is left alone.</summary>
    private static IEnumerable<Resource> NodeLabels(DesiredState state, IList<NodeListResponse> nodes)
    {
        if (state.Cluster is not { } cluster)
        {
            yield break;
        }

        var owner = new ResourceOwner(OwnerKind.Cluster, cluster.Name, Prune: false);
        foreach (var declared in cluster.Nodes)
        {
            var live = nodes.FirstOrDefault(n => n.Description?.Hostname == declared.Name);
            foreach (var key in declared.Labels.Keys)
            {
                if (live?.Spec?.Labels is { } labels && labels.TryGetValue(key, out var value))
                {
                    yield return SwarmResource.NodeLabel(declared.Name, key, value, owner);
                }
            }
        }
    }
}
