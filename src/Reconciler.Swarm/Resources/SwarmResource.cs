using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Resources;

/// <summary>
/// Turns Engine API specs, desired or live, into resources with comparable properties. The
/// same functions serve both sides so that equal objects always have equal properties.
/// </summary>
public static class SwarmResource
{
    public static Resource Service(ServiceSpec spec, ResourceOwner owner, IReadOnlyDictionary<string, string> networkNames) =>
        new(new ResourceKey(SwarmKinds.Service, spec.Name ?? string.Empty), ServiceSpecNormalizer.Normalize(SpecJson.ToTree(spec), networkNames), owner) { Payload = new SwarmPayload.Service(spec) };

    /// <summary>Networks cannot change in place; these are the properties a person chooses.</summary>
    public static Resource Network(string name, string driver, bool @internal, bool attachable, IDictionary<string, string>? labels, ResourceOwner owner, NetworksCreateParameters? spec) =>
        new(new ResourceKey(SwarmKinds.Network, name), new JsonObject
        {
            ["driver"] = driver,
            ["internal"] = @internal,
            ["attachable"] = attachable,
            ["labels"] = Labels(labels),
        }, owner) { Payload = spec is null ? null : new SwarmPayload.Network(spec) };

    /// <summary>Configs and secrets carry their content hash in the name, so only labels can differ. A live one has no spec to send.</summary>
    public static Resource Config(string name, IDictionary<string, string>? labels, ResourceOwner owner, SwarmConfigSpec? spec = null) =>
        new(new ResourceKey(SwarmKinds.Config, name), new JsonObject { ["labels"] = Labels(labels) }, owner) { Payload = spec is null ? null : new SwarmPayload.Config(spec) };

    /// <summary>As <see cref="Config"/>; a secret's values are never rendered.</summary>
    public static Resource Secret(string name, IDictionary<string, string>? labels, ResourceOwner owner, SwarmSecretSpec? spec = null) =>
        new(new ResourceKey(SwarmKinds.Secret, name), new JsonObject { ["labels"] = Labels(labels) }, owner) { Payload = spec is null ? null : new SwarmPayload.Secret(spec), Sensitive = true };

    public static Resource NodeLabel(string node, string key, string value, ResourceOwner owner) =>
        new(new ResourceKey(SwarmKinds.NodeLabel, key, node), new JsonObject { ["value"] = value }, owner) { Payload = new SwarmPayload.NodeLabel(value) };

    /// <summary>The stack an object belongs to, from the label docker stack deploy and reconciler both set.</summary>
    public static string? StackOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(StackNames.NamespaceLabel, out var stack) ? stack : null;

    private static JsonObject Labels(IDictionary<string, string>? labels)
    {
        var result = new JsonObject();
        foreach (var (key, value) in (labels ?? new Dictionary<string, string>()).Where(l => !l.Key.StartsWith(StackNames.ReconcilerPrefix, StringComparison.Ordinal)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }

        return result;
    }
}
