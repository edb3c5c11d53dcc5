using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Apply;
using Reconciler.Swarm.Observe;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm;

/// <summary>
/// The Swarm provider's three jobs: desired resources from the repository, observed ones from
/// the engine, and applying one change. The core does the diff, ordering and rendering.
/// </summary>
public sealed class SwarmProvider(IDockerClient docker)
{
    public async Task<SwarmSnapshot> ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken)
    {
        var desired = DesiredSwarm.From(state, files);
        var resolver = new ImageResolver(docker);
        var pinned = new List<Resource>();
        foreach (var resource in desired.Resources)
        {
            pinned.Add(resource.Payload is ServiceSpec spec ? await PinAsync(resource, spec, resolver, cancellationToken).ConfigureAwait(false) : resource);
        }

        var observed = await new SwarmObserver(docker).ObserveAsync(state, cancellationToken).ConfigureAwait(false);
        var live = observed.Resources.Select(r => AlignImage(r, pinned, resolver.Unresolved)).ToList();
        var errors = desired.Errors.Concat(ExplicitNames.ContentChanges(desired.Resources, observed.Contents)).ToList();
        return new SwarmSnapshot(pinned, live, observed, errors, resolver.Unresolved);
    }

    public SwarmApplier Applier(SwarmSnapshot snapshot, string? commit) => new(docker, snapshot.Observed, commit);

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

/// <summary>One observation: what the repository wants, what runs, and what could not be resolved.</summary>
public sealed record SwarmSnapshot(
    IReadOnlyList<Resource> Desired,
    IReadOnlyList<Resource> Live,
    ObservedSwarm Observed,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> UnpinnedImages)
{
    public IReadOnlyList<Change> Diff() => ResourceDiff.Compute(Desired, Live);
}
