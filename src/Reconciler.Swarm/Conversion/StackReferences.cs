using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>
/// The stack-level objects services refer to (networks, configs, secrets) and how a service
/// names them. Configs and secrets are immutable in Swarm, so their names carry a hash of the
/// content: a new content is a new object, services switch to it, and the old one is pruned.
/// </summary>
internal sealed class StackReferences(string stack, JsonObject root, IReadOnlyDictionary<string, byte[]> contents)
{
    public const int HashLength = 10;

    /// <summary>The Swarm name of a stack config or secret, e.g. vaultwarden_admin_token-3f9a1c0b2d.</summary>
    public string ObjectName(string section, string key)
    {
        var definition = JsonRead.Object(JsonRead.Object(root, section), key);
        if (IsExternal(definition))
        {
            return ComposeValues.Text(definition, "name") ?? key;
        }

        var name = ComposeValues.Text(definition, "name") ?? StackNames.Scope(stack, key);
        return contents.TryGetValue($"{section}/{key}", out var data) ? $"{name}-{Hash(data)}" : name;
    }

    public static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data))[..HashLength];

    public static bool IsExternal(JsonObject? definition) =>
        JsonRead.Boolean(definition, "external") == true || JsonRead.Object(definition, "external") is not null;

    public IList<NetworkAttachmentConfig> ServiceNetworks(string service, JsonObject spec)
    {
        var attachments = spec["networks"] switch
        {
            JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().Select(n => (Name: n, Aliases: (IList<string>)[])).ToList(),
            JsonObject map => map.Select(p => (Name: p.Key, Aliases: ComposeValues.List(p.Value, "aliases"))).ToList(),
            _ => [],
        };
        if (attachments.Count == 0)
        {
            attachments.Add(("default", []));
        }

        return attachments.Select(a => new NetworkAttachmentConfig
        {
            Target = NetworkName(a.Name),
            Aliases = a.Aliases.Append(service).ToList(),
        }).OrderBy(n => n.Target, StringComparer.Ordinal).ToList();
    }

    public string NetworkName(string key)
    {
        var definition = JsonRead.Object(JsonRead.Object(root, "networks"), key);
        var name = ComposeValues.Text(definition, "name");
        return IsExternal(definition) ? name ?? key : name ?? StackNames.Scope(stack, key);
    }

    public IList<SecretReference>? SecretReferences(JsonObject service)
    {
        var references = Mounted(service, "secrets").Select(r => new SecretReference
        {
            SecretName = ObjectName("secrets", r.Source),
            File = new SecretReferenceFileTarget { Name = r.Target ?? r.Source, UID = r.Uid ?? "0", GID = r.Gid ?? "0", Mode = r.Mode ?? 0x124 },
        }).OrderBy(r => r.SecretName, StringComparer.Ordinal).ToList();
        return references.Count == 0 ? null : references;
    }

    public IList<SwarmConfigReference>? ConfigReferences(JsonObject service)
    {
        var references = Mounted(service, "configs").Select(r => new SwarmConfigReference
        {
            ConfigName = ObjectName("configs", r.Source),
            File = new ConfigReferenceFileTarget { Name = r.Target ?? r.Source, UID = r.Uid ?? "0", GID = r.Gid ?? "0", Mode = r.Mode ?? 0x124 },
        }).OrderBy(r => r.ConfigName, StringComparer.Ordinal).ToList();
        return references.Count == 0 ? null : references;
    }

    private static IEnumerable<(string Source, string? Target, string? Uid, string? Gid, uint? Mode)> Mounted(JsonObject service, string section) =>
        (JsonRead.Array(service, section) ?? []).Select(item => item is JsonObject map
            ? (ComposeValues.Text(map, "source") ?? string.Empty, ComposeValues.Text(map, "target"), ComposeValues.Text(map, "uid"), ComposeValues.Text(map, "gid"), Mode(map))
            : (JsonRead.Scalar(item) ?? string.Empty, null, null, null, null));

    /// <summary>A number is the mode itself (an unquoted 0440 was read as octal already); a string is octal text.</summary>
    private static uint? Mode(JsonObject map) => map["mode"] switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => (uint)number,
        JsonValue value when JsonRead.AsString(value) is { } text => System.Convert.ToUInt32(text, 8),
        _ => null,
    };
}
