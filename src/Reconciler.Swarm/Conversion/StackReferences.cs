using System.Security.Cryptography;
using Docker.DotNet.Models;
using Reconciler.Core.Compose;

namespace Reconciler.Swarm.Conversion;

/// <summary>
/// The stack-level objects services refer to (networks, configs, secrets) and how a service
/// names them. Configs and secrets are immutable in Swarm, so their names carry a hash of the
/// content: a new content is a new object, services switch to it, and the old one is pruned.
/// An explicit name: is kept exact, as docker stack deploy keeps it, because other stacks and
/// tools may refer to it; its content cannot rotate, so a change is refused at plan (see
/// <see cref="Resources.ExplicitNames"/>) and the person renames it.
/// </summary>
internal sealed class StackReferences(string stack, ComposeFile compose, IReadOnlyDictionary<string, byte[]> contents)
{
    public const int HashLength = 10;

    public const string Configs = "configs";

    public const string Secrets = "secrets";

    /// <summary>The Swarm name of a stack config or secret, e.g. vaultwarden_admin_token-3f9a1c0b2d.</summary>
    public string ObjectName(string section, string key)
    {
        var definition = Definitions(compose, section).GetValueOrDefault(key);
        if (definition is { External: true })
        {
            return definition.Name ?? key;
        }

        if (definition?.Name is { } explicitName)
        {
            return explicitName;
        }

        var name = StackNames.Scope(stack, key);
        return ContentHash(section, key) is { } hash ? $"{name}-{hash}" : name;
    }

    /// <summary>The hash of a file-backed object's content (with its template driver); null for one without content.</summary>
    public string? ContentHash(string section, string key) =>
        contents.TryGetValue($"{section}/{key}", out var data) ? Hash(data, Definitions(compose, section).GetValueOrDefault(key)?.TemplateDriver) : null;

    public static IReadOnlyDictionary<string, ComposeObject> Definitions(ComposeFile compose, string section) =>
        section == Configs ? compose.Configs : compose.Secrets;

    public static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data))[..HashLength];

    /// <summary>A template driver changes what tasks see, so it is part of the content (and plain objects keep their names).</summary>
    private static string Hash(byte[] data, string? templateDriver) =>
        templateDriver is null ? Hash(data) : Hash([.. data, .. System.Text.Encoding.UTF8.GetBytes("\0template_driver=" + templateDriver)]);

    public IList<NetworkAttachmentConfig> ServiceNetworks(ComposeService service)
    {
        IEnumerable<ServiceNetwork> attachments = service.Networks.Count == 0 ? [new ServiceNetwork("default", [], service.Pointer)] : service.Networks;
        return attachments.Select(a => new NetworkAttachmentConfig
        {
            Target = NetworkName(a.Key),
            Aliases = a.Aliases.Append(service.Name).ToList(),
        }).OrderBy(n => n.Target, StringComparer.Ordinal).ToList();
    }

    public string NetworkName(string key)
    {
        var definition = compose.Networks.GetValueOrDefault(key);
        return definition is { External: true } ? definition.Name ?? key : definition?.Name ?? StackNames.Scope(stack, key);
    }

    public IList<SecretReference>? SecretReferences(ComposeService service)
    {
        var references = service.Secrets.Select(r => new SecretReference
        {
            SecretName = ObjectName(Secrets, r.Source),
            File = new SecretReferenceFileTarget { Name = r.Target ?? r.Source, UID = r.Uid ?? "0", GID = r.Gid ?? "0", Mode = r.Mode ?? 0x124 },
        }).OrderBy(r => r.SecretName, StringComparer.Ordinal).ToList();
        return references.Count == 0 ? null : references;
    }

    public IList<SwarmConfigReference>? ConfigReferences(ComposeService service)
    {
        var references = service.Configs.Select(r => new SwarmConfigReference
        {
            ConfigName = ObjectName(Configs, r.Source),
            File = new ConfigReferenceFileTarget { Name = r.Target ?? r.Source, UID = r.Uid ?? "0", GID = r.Gid ?? "0", Mode = r.Mode ?? 0x124 },
        }).OrderBy(r => r.ConfigName, StringComparer.Ordinal).ToList();
        return references.Count == 0 ? null : references;
    }
}
