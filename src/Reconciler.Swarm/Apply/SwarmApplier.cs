using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Observe;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Apply;

/// <summary>
/// Apply: carries out one change through the Engine API. Configs and secrets are created
/// before the services that reference them (the plan's order) and their new IDs are filled
/// into the service specs; services are stamped with the commit that deployed them.
/// </summary>
public sealed class SwarmApplier(IDockerClient docker, ObservedSwarm observed, string? commit)
{
    private readonly Dictionary<string, string> configIds = new(observed.ConfigIds, StringComparer.Ordinal);
    private readonly Dictionary<string, string> secretIds = new(observed.SecretIds, StringComparer.Ordinal);

    public async Task ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        switch (change.Key.Kind, change.Action)
        {
            case (SwarmKinds.NodeLabel, _):
                await SetNodeLabelAsync(change, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Network, ChangeAction.Create):
                await docker.Networks.CreateNetworkAsync((NetworksCreateParameters)change.Desired!.Payload!, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Network, ChangeAction.Delete):
                await docker.Networks.DeleteNetworkAsync(observed.NetworkIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Config, ChangeAction.Create):
                var config = await docker.Configs.CreateConfigAsync(new SwarmCreateConfigParameters { Config = (SwarmConfigSpec)change.Desired!.Payload! }, cancellationToken).ConfigureAwait(false);
                configIds[change.Key.Name] = config.ID;
                break;
            case (SwarmKinds.Config, ChangeAction.Delete):
                await docker.Configs.RemoveConfigAsync(configIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Secret, ChangeAction.Create):
                var secret = await docker.Secrets.CreateAsync((SwarmSecretSpec)change.Desired!.Payload!, cancellationToken).ConfigureAwait(false);
                secretIds[change.Key.Name] = secret.ID;
                break;
            case (SwarmKinds.Secret, ChangeAction.Delete):
                await docker.Secrets.DeleteAsync(secretIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Service, ChangeAction.Create):
                await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = Stamp((ServiceSpec)change.Desired!.Payload!) }, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Service, ChangeAction.Update):
                var live = observed.Services[change.Key.Name];
                await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters
                {
                    Service = Stamp((ServiceSpec)change.Desired!.Payload!),
                    Version = (long)live.Version!.Index!.Value,
                }, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Service, ChangeAction.Delete):
                await docker.Swarm.RemoveServiceAsync(observed.Services[change.Key.Name].ID, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // Networks, configs and secrets cannot change in place; their plans never ask for it
                // because their names carry the content (configs, secrets) or they are replaced by hand.
                throw new InvalidOperationException($"{change.Key} cannot be {change.Action.ToString().ToLowerInvariant()}d in place; remove it and apply again");
        }
    }

    private ServiceSpec Stamp(ServiceSpec desired)
    {
        var spec = SpecJson.FromTree<ServiceSpec>(SpecJson.ToTree(desired));
        if (commit is not null)
        {
            spec.Labels ??= new Dictionary<string, string>();
            spec.Labels[StackNames.CommitLabel] = commit;
        }

        foreach (var reference in spec.TaskTemplate?.ContainerSpec?.Configs ?? [])
        {
            reference.ConfigID = configIds.GetValueOrDefault(reference.ConfigName ?? string.Empty) ?? reference.ConfigID;
        }

        foreach (var reference in spec.TaskTemplate?.ContainerSpec?.Secrets ?? [])
        {
            reference.SecretID = secretIds.GetValueOrDefault(reference.SecretName ?? string.Empty) ?? reference.SecretID;
        }

        return spec;
    }

    private async Task SetNodeLabelAsync(Change change, CancellationToken cancellationToken)
    {
        // Re-read the node: several label changes on one node each need its current version.
        var id = observed.Nodes[change.Key.Node!].ID;
        var node = await docker.Swarm.InspectNodeAsync(id, cancellationToken).ConfigureAwait(false);
        var spec = node.Spec ?? new NodeUpdateParameters();
        spec.Labels ??= new Dictionary<string, string>();
        spec.Labels[change.Key.Name] = change.Desired!.Properties["value"]!.GetValue<string>();
        await docker.Swarm.UpdateNodeAsync(id, node.Version!.Index!.Value, spec, cancellationToken).ConfigureAwait(false);
    }
}
