using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Polly;
using Polly.Retry;
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

    /// <summary>
    /// Removing a stack deletes its services first; their tasks take seconds to stop, and until
    /// then the engine refuses to delete the network, config or secret they used. Deletions are
    /// retried (bounded) while the engine says so.
    /// </summary>
    private static readonly ResiliencePipeline DeletionRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DockerApiException>(e => e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError && !IsGone(e)),
            MaxRetryAttempts = 40,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    /// <summary>
    /// Nodes and services are updated against a version; when something else changed them in
    /// between (the engine says "update out of sequence"), read the new version and try again.
    /// </summary>
    private static readonly ResiliencePipeline VersionRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DockerApiException>(e => e.ResponseBody?.Contains("out of sequence", StringComparison.OrdinalIgnoreCase) == true),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    public async Task ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        try
        {
            if (change.Action == ChangeAction.Delete)
            {
                await DeletionRetry.ExecuteAsync(async token => await ApplyOnceAsync(change, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ApplyOnceAsync(change, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DockerApiException e) when (change.Action == ChangeAction.Delete && IsGone(e))
        {
            // Already gone (removed by hand, or its stack's teardown finished first): the desired end state holds.
        }
    }

    private static bool IsGone(DockerApiException e) =>
        e.StatusCode == HttpStatusCode.NotFound || e.ResponseBody?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true;

    private async Task ApplyOnceAsync(Change change, CancellationToken cancellationToken)
    {
        switch (change.Key.Kind, change.Action)
        {
            case (SwarmKinds.NodeLabel, _):
                await VersionRetry.ExecuteAsync(async token => await SetNodeLabelAsync(change, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Network, ChangeAction.Create):
                var network = (NetworksCreateParameters)change.Desired!.Payload!;
                network.Labels = StackNames.Managed(network.Labels);
                await docker.Networks.CreateNetworkAsync(network, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Network, ChangeAction.Delete):
                await docker.Networks.DeleteNetworkAsync(observed.NetworkIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Config, ChangeAction.Create):
                var configSpec = (SwarmConfigSpec)change.Desired!.Payload!;
                configSpec.Labels = StackNames.Managed(configSpec.Labels);
                var config = await docker.Configs.CreateConfigAsync(new SwarmCreateConfigParameters { Config = configSpec }, cancellationToken).ConfigureAwait(false);
                configIds[change.Key.Name] = config.ID;
                break;
            case (SwarmKinds.Config, ChangeAction.Delete):
                await docker.Configs.RemoveConfigAsync(configIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Secret, ChangeAction.Create):
                var secretSpec = (SwarmSecretSpec)change.Desired!.Payload!;
                secretSpec.Labels = StackNames.Managed(secretSpec.Labels);
                var secret = await docker.Secrets.CreateAsync(secretSpec, cancellationToken).ConfigureAwait(false);
                secretIds[change.Key.Name] = secret.ID;
                break;
            case (SwarmKinds.Secret, ChangeAction.Delete):
                await docker.Secrets.DeleteAsync(secretIds[change.Key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Service, ChangeAction.Create):
                await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = Stamp((ServiceSpec)change.Desired!.Payload!) }, cancellationToken).ConfigureAwait(false);
                break;
            case (SwarmKinds.Service, ChangeAction.Update):
                await VersionRetry.ExecuteAsync(async token => await UpdateServiceAsync(change, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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
        spec.Labels = StackNames.Managed(spec.Labels);
        if (commit is not null)
        {
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

    private async Task UpdateServiceAsync(Change change, CancellationToken cancellationToken)
    {
        // The version observed at plan time may be stale by now; the desired spec is what counts.
        var live = await docker.Swarm.InspectServiceAsync(observed.Services[change.Key.Name].ID, cancellationToken).ConfigureAwait(false);
        await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters
        {
            Service = Stamp((ServiceSpec)change.Desired!.Payload!),
            Version = (long)live.Version!.Index!.Value,
        }, cancellationToken).ConfigureAwait(false);
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
