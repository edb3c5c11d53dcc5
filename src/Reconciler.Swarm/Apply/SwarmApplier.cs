using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Polly;
using Polly.Retry;
using Reconciler.Core.Diff;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Observe;
using Reconciler.Swarm.Resources;
using Reconciler.Swarm.Verify;

namespace Reconciler.Swarm.Apply;

/// <summary>
/// Apply: carries out one change through the Engine API. Configs and secrets are created
/// before the services that reference them (the plan's order) and their new IDs are filled
/// into the service specs; services are stamped with the commit that deployed them. What the
/// engine refuses becomes an <see cref="ApplyFailure"/>. It remembers what it applied, for
/// <see cref="DeployVerifier"/> to wait on.
/// </summary>
public sealed class SwarmApplier(IDockerClient docker, ObservedSwarm observed, string? commit, DeployVerifier verifier, DateTimeOffset started) : IChangeApplier
{
    private readonly Dictionary<string, string> configIds = new(observed.ConfigIds, StringComparer.Ordinal);
    private readonly Dictionary<string, string> secretIds = new(observed.SecretIds, StringComparer.Ordinal);
    private readonly List<Change> applied = [];

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
                await DeletionRetry.ExecuteAsync(async token => await DeleteAsync(change.Key, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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
        catch (DockerApiException e)
        {
            throw new ApplyFailure(change.Key, $"the engine refused it: {e.ResponseBody?.Trim() ?? e.Message}", e);
        }

        applied.Add(change);
    }

    /// <summary>Waits for the services this apply created or updated (see <see cref="DeployVerifier"/>).</summary>
    public Task<IReadOnlyList<string>> VerifyAsync(DateTimeOffset? verifyAllSince, IDeployProgress progress, CancellationToken cancellationToken) =>
        verifier.VerifyAsync(applied, started, verifyAllSince, progress, cancellationToken);

    private static bool IsGone(DockerApiException e) =>
        e.StatusCode == HttpStatusCode.NotFound || e.ResponseBody?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true;

    private async Task ApplyOnceAsync(Change change, CancellationToken cancellationToken)
    {
        switch (change.Action, change.Desired?.Payload)
        {
            case (_, SwarmPayload.NodeLabel label):
                await VersionRetry.ExecuteAsync(async token => await SetNodeLabelAsync(change.Key, label.Value, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case (ChangeAction.Create, SwarmPayload.Network network):
                network.Spec.Labels = StackNames.Managed(network.Spec.Labels);
                await docker.Networks.CreateNetworkAsync(network.Spec, cancellationToken).ConfigureAwait(false);
                break;
            case (ChangeAction.Create, SwarmPayload.Config config):
                config.Spec.Labels = StackNames.Managed(config.Spec.Labels);
                var created = await docker.Configs.CreateConfigAsync(new SwarmCreateConfigParameters { Config = config.Spec }, cancellationToken).ConfigureAwait(false);
                configIds[change.Key.Name] = created.ID;
                break;
            case (ChangeAction.Create, SwarmPayload.Secret secret):
                secret.Spec.Labels = StackNames.Managed(secret.Spec.Labels);
                var stored = await docker.Secrets.CreateAsync(secret.Spec, cancellationToken).ConfigureAwait(false);
                secretIds[change.Key.Name] = stored.ID;
                break;
            case (ChangeAction.Create, SwarmPayload.Service service):
                await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = Stamp(service.Spec) }, cancellationToken).ConfigureAwait(false);
                break;
            case (ChangeAction.Update, SwarmPayload.Service service):
                await VersionRetry.ExecuteAsync(async token => await UpdateServiceAsync(change.Key, service.Spec, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw NotInPlace(change);
        }
    }

    private async Task DeleteAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        switch (key.Kind)
        {
            case SwarmKinds.Network:
                await docker.Networks.DeleteNetworkAsync(observed.NetworkIds[key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case SwarmKinds.Config:
                await docker.Configs.RemoveConfigAsync(configIds[key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case SwarmKinds.Secret:
                await docker.Secrets.DeleteAsync(secretIds[key.Name], cancellationToken).ConfigureAwait(false);
                break;
            case SwarmKinds.Service:
                await docker.Swarm.RemoveServiceAsync(observed.Services[key.Name].ID, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ApplyFailure(key, $"{key} cannot be deleted; remove it by hand");
        }
    }

    /// <summary>
    /// Networks, configs and secrets cannot change in place; their plans never ask for it because
    /// their names carry the content (configs, secrets) or they are replaced by hand. A network whose
    /// driver or options changed does ask: that is a failed change with what to do, not a crash.
    /// </summary>
    private static ApplyFailure NotInPlace(Change change) =>
        new(change.Key, $"{change.Key} cannot be {change.Action.ToString().ToLowerInvariant()}d in place; remove it and apply again");

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

    private async Task UpdateServiceAsync(ResourceKey key, ServiceSpec desired, CancellationToken cancellationToken)
    {
        // The version observed at plan time may be stale by now; the desired spec is what counts.
        var live = await docker.Swarm.InspectServiceAsync(observed.Services[key.Name].ID, cancellationToken).ConfigureAwait(false);
        var spec = Stamp(desired);
        // The force counter is not desired state: sending ours (0) would restart every task of a rebalanced service.
        if (spec.TaskTemplate is { } template)
        {
            template.ForceUpdate = live.Spec?.TaskTemplate?.ForceUpdate ?? 0;
        }

        await docker.Swarm.UpdateServiceAsync(live.ID, new ServiceUpdateParameters
        {
            Service = spec,
            Version = (long)live.Version!.Index!.Value,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task SetNodeLabelAsync(ResourceKey key, string value, CancellationToken cancellationToken)
    {
        // Re-read the node: several label changes on one node each need its current version.
        var id = observed.Nodes[key.Node!].ID;
        var node = await docker.Swarm.InspectNodeAsync(id, cancellationToken).ConfigureAwait(false);
        var spec = node.Spec ?? new NodeUpdateParameters();
        spec.Labels ??= new Dictionary<string, string>();
        spec.Labels[key.Name] = value;
        await docker.Swarm.UpdateNodeAsync(id, node.Version!.Index!.Value, spec, cancellationToken).ConfigureAwait(false);
    }
}
