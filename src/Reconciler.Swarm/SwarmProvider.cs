using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Apply;
using Reconciler.Swarm.Observe;
using Reconciler.Swarm.Resources;
using Reconciler.Swarm.Verify;

namespace Reconciler.Swarm;

/// <summary>
/// The Swarm provider: desired resources from the repository, observed ones from the engine;
/// its observation applies changes and verifies that the changed services converged. The core
/// does the diff, ordering and rendering. Its stacks are rolled back when they fail.
/// </summary>
public sealed class SwarmProvider(IDockerClient docker, TimeProvider time) : IResourceProvider
{
    public string Name => "swarm";

    public IReadOnlyList<string> Kinds => SwarmKinds.Order;

    public bool NeverRolledBack => false;

    async Task<IObservation> IResourceProvider.ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken) =>
        await ObserveAsync(state, files, cancellationToken).ConfigureAwait(false);

    public async Task<SwarmObservation> ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken)
    {
        var desired = DesiredSwarm.From(state, files);
        var resolver = new ImageResolver(docker);
        var pinned = new List<Resource>();
        foreach (var resource in desired.Resources)
        {
            pinned.Add(resource.Payload is SwarmPayload.Service service ? await PinAsync(resource, service.Spec, resolver, cancellationToken).ConfigureAwait(false) : resource);
        }

        var observed = await new SwarmObserver(docker).ObserveAsync(state, cancellationToken).ConfigureAwait(false);
        var live = observed.Resources.Select(r => AlignImage(r, pinned, resolver.Unresolved)).ToList();
        var errors = desired.Errors.Concat(ExplicitNames.ContentChanges(desired.Resources, observed.Contents)).ToList();
        var warnings = resolver.Unresolved.Select(image => $"could not resolve {image} in its registry; comparing and deploying it by tag").ToList();
        // An apply needs the observed IDs and the desired state's timeouts: the closure keeps them typed.
        return new SwarmObservation(pinned, live, errors, warnings,
            commit => new SwarmApplier(docker, observed, commit, new DeployVerifier(docker, time, state, pinned), started: time.GetUtcNow()));
    }

    private static async Task<Resource> PinAsync(Resource resource, ServiceSpec spec, ImageResolver resolver, CancellationToken cancellationToken)
    {
        var container = spec.TaskTemplate?.ContainerSpec;
        if (container?.Image is not { } image || await resolver.PinAsync(image, cancellationToken).ConfigureAwait(false) is not { } pinned)
        {
            return resource;
        }

        var copy = SpecJson.FromTree<ServiceSpec>(SpecJson.ToTree(spec));
        copy.TaskTemplate!.ContainerSpec!.Image = pinned.Reference;
        if (pinned.Platforms.Count > 0)
        {
            copy.TaskTemplate.Placement ??= new Placement();
            copy.TaskTemplate.Placement.Platforms = pinned.Platforms.ToList();
        }

        return SwarmResource.Service(copy, resource.Owner, new Dictionary<string, string>());
    }

    /// <summary>
    /// Where the registry could not resolve a desired image, compare the live one by tag too, and
    /// leave its platforms out: they came from the registry, which could not tell this time.
    /// </summary>
    private static Resource AlignImage(Resource live, IReadOnlyList<Resource> desired, IReadOnlyList<string> unresolved)
    {
        if (live.Key.Kind != SwarmKinds.Service
            || desired.FirstOrDefault(d => d.Key == live.Key)?.Properties["TaskTemplate"]?["ContainerSpec"]?["Image"]?.GetValue<string>() is not { } image
            || !unresolved.Contains(image, StringComparer.Ordinal)
            || live.Properties["TaskTemplate"] is not JsonObject)
        {
            return live;
        }

        var properties = (JsonObject)live.Properties.DeepClone();
        var task = (JsonObject)properties["TaskTemplate"]!;
        if (!image.Contains('@', StringComparison.Ordinal) && task["ContainerSpec"] is JsonObject container && container["Image"]?.GetValue<string>() is { } liveImage)
        {
            container["Image"] = ServiceSpecNormalizer.WithoutDigest(liveImage);
        }

        if (task["Placement"] is JsonObject placement && placement.Remove("Platforms") && placement.Count == 0)
        {
            task.Remove("Placement"); // normalised trees leave out what is empty
        }

        return live with { Properties = properties };
    }
}

/// <summary>One observation of the Swarm: what the repository wants, what runs, what blocks planning and what is only worth a warning.</summary>
public sealed class SwarmObservation(
    IReadOnlyList<Resource> desired, IReadOnlyList<Resource> live, IReadOnlyList<string> errors, IReadOnlyList<string> warnings, Func<string?, SwarmApplier> applier)
    : IObservation
{
    public IReadOnlyList<Resource> Desired => desired;

    public IReadOnlyList<Resource> Live => live;

    public IReadOnlyList<string> Errors => errors;

    public IReadOnlyList<string> Warnings => warnings;

    public IReadOnlyList<Change> Diff() => ResourceDiff.Compute(Desired, Live);

    public IChangeApplier Applier(string? commit) => applier(commit);
}
