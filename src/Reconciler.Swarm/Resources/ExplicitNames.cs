using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Resources;

/// <summary>
/// Configs and secrets kept under their explicit compose name. Swarm cannot change their data
/// in place, and rotating them would mean detaching every service that uses them, so a content
/// change is refused before anything is planned: the person gives the new content a new name.
/// </summary>
public static class ExplicitNames
{
    public static IReadOnlyList<string> ContentChanges(IEnumerable<Resource> desired, IReadOnlyDictionary<ResourceKey, string> liveContents) =>
        desired.Select(r => (r.Key, Content: ContentOf(r.Payload)))
            .Where(d => d.Content is not null && liveContents.TryGetValue(d.Key, out var live) && live != d.Content)
            .Select(d => $"{d.Key.Kind} '{d.Key.Name}' has an explicit name and its content changed; Swarm cannot change a {d.Key.Kind}'s content in place, " +
                         $"so give it a new name (for example '{d.Key.Name}-v2', and update whatever else refers to it), or remove name: to let reconciler rotate it")
            .ToList();

    private static string? ContentOf(ResourcePayload? payload)
    {
        var labels = payload switch
        {
            SwarmPayload.Config config => config.Spec.Labels,
            SwarmPayload.Secret secret => secret.Spec.Labels,
            _ => null,
        };
        return labels is not null && labels.TryGetValue(StackNames.ContentLabel, out var content) ? content : null;
    }
}
