using Docker.DotNet;
using Docker.DotNet.Models;

namespace Reconciler.Swarm.Apply;

/// <summary>
/// Pins image tags to the digest the registry serves now, as docker stack deploy does, so a
/// moved tag is a visible change and every node runs the same image, and collects the
/// platforms the image's manifest lists, which docker stack deploy sets as placement so a
/// task only lands on a node that can run the image. A registry that cannot be reached leaves
/// the tag unpinned (the engine resolves it) and says so.
/// </summary>
public sealed class ImageResolver(IDockerClient docker)
{
    private readonly Dictionary<string, PinnedImage?> cache = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Unresolved => cache.Where(c => c.Value is null).Select(c => c.Key).ToList();

    /// <summary>The image at its digest with its platforms, or null when the registry could not tell.</summary>
    public async Task<PinnedImage?> PinAsync(string image, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(image, out var pinned))
        {
            try
            {
                var inspect = await docker.Distribution.InspectAsync(image, cancellationToken).ConfigureAwait(false);
                pinned = inspect.Descriptor?.Digest is { Length: > 0 } digest
                    ? new PinnedImage(image.Contains('@', StringComparison.Ordinal) ? image : $"{image}@{digest}", Platforms(inspect))
                    : null;
            }
            catch (DockerApiException)
            {
                pinned = null; // reported through Unresolved; the deploy itself still works with the tag
            }

            cache[image] = pinned;
        }

        return pinned;
    }

    /// <summary>
    /// Architecture and OS of each platform, as the docker CLI takes them; "arm" is left without
    /// an architecture because nodes report "armv7l" and the like, which would never match.
    /// </summary>
    private static List<SwarmPlatform> Platforms(DistributionInspectResponse inspect) =>
        (inspect.Platforms ?? [])
            .Select(p => new SwarmPlatform { Architecture = string.Equals(p.Architecture, "arm", StringComparison.OrdinalIgnoreCase) ? string.Empty : p.Architecture, OS = p.OS })
            .ToList();
}

/// <summary>An image reference with its digest, and the platforms the registry lists for it.</summary>
public sealed record PinnedImage(string Reference, IReadOnlyList<SwarmPlatform> Platforms);
