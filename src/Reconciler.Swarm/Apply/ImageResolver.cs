using Docker.DotNet;

namespace Reconciler.Swarm.Apply;

/// <summary>
/// Pins image tags to the digest the registry serves now, as docker stack deploy does, so a
/// moved tag is a visible change and every node runs the same image. A registry that cannot
/// be reached leaves the tag unpinned (the engine resolves it) and says so.
/// </summary>
public sealed class ImageResolver(IDockerClient docker)
{
    private readonly Dictionary<string, string?> cache = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Unresolved => cache.Where(c => c.Value is null).Select(c => c.Key).ToList();

    /// <summary>image@sha256:..., or null when the registry could not tell.</summary>
    public async Task<string?> PinAsync(string image, CancellationToken cancellationToken)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        if (!cache.TryGetValue(image, out var pinned))
        {
            try
            {
                var inspect = await docker.Distribution.InspectAsync(image, cancellationToken).ConfigureAwait(false);
                pinned = inspect.Descriptor?.Digest is { Length: > 0 } digest ? $"{image}@{digest}" : null;
            }
            catch (DockerApiException)
            {
                pinned = null; // reported through Unresolved; the deploy itself still works with the tag
            }

            cache[image] = pinned;
        }

        return pinned;
    }
}
