using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Compose;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Swarm.Conversion;

/// <summary>
/// A Stack manifest and its compose file to the Engine API objects docker stack deploy would
/// create: services, overlay networks, configs and secrets, named and labelled the same way.
/// </summary>
public static class StackConverter
{
    public static StackObjects Convert(StackManifest stack, ComposeFile compose, IRepositoryFiles files)
    {
        var errors = new List<string>();
        var root = compose.Source.Root as JsonObject ?? [];
        var directory = compose.Source.File.Contains('/', StringComparison.Ordinal) ? compose.Source.File[..compose.Source.File.LastIndexOf('/')] : string.Empty;
        var contents = FileContents(root, directory, files, errors);
        var references = new StackReferences(stack.Name, root, contents);
        var converter = new ServiceConverter(stack.Name, root, references);

        var services = new List<ServiceSpec>();
        foreach (var (name, node) in JsonRead.Object(root, "services") ?? [])
        {
            if (node is not JsonObject service)
            {
                continue;
            }

            try
            {
                services.Add(converter.Convert(name, service, EnvFiles(service, directory, files, errors)));
            }
            catch (FormatException e)
            {
                errors.Add($"{compose.Source.File}: service '{name}': {e.Message}");
            }
        }

        var usedNetworks = services.SelectMany(s => s.TaskTemplate?.Networks ?? []).Select(n => n.Target).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new StackObjects(
            stack.Name,
            services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(),
            Networks(stack.Name, root, references, usedNetworks),
            Objects(root, "configs", contents, references, (name, labels, data) => new SwarmConfigSpec { Name = name, Labels = labels, Data = data }),
            Objects(root, "secrets", contents, references, (name, labels, data) => new SwarmSecretSpec { Name = name, Labels = labels, Data = data }),
            errors);

        List<T> Objects<T>(JsonObject compose, string section, IReadOnlyDictionary<string, byte[]> data, StackReferences refs, Func<string, IDictionary<string, string>, byte[], T> create) =>
            (JsonRead.Object(compose, section) ?? [])
                .Where(p => !StackReferences.IsExternal(p.Value as JsonObject) && data.ContainsKey($"{section}/{p.Key}"))
                .Select(p => create(refs.ObjectName(section, p.Key), StackNames.WithNamespace(stack.Name, ComposeValues.Labels(p.Value, "labels")), data[$"{section}/{p.Key}"]))
                .ToList();
    }

    private static List<NetworksCreateParameters> Networks(string stack, JsonObject root, StackReferences references, HashSet<string> used)
    {
        var declared = JsonRead.Object(root, "networks") ?? [];
        var keys = declared.Select(p => p.Key).Append("default").Distinct(StringComparer.Ordinal);
        var networks = new List<NetworksCreateParameters>();
        foreach (var key in keys)
        {
            var definition = JsonRead.Object(declared, key);
            var name = references.NetworkName(key);
            if (StackReferences.IsExternal(definition) || !used.Contains(name))
            {
                continue;
            }

            var options = ComposeValues.Labels(definition, "driver_opts");
            var ipam = JsonRead.Object(definition, "ipam");
            var subnets = (JsonRead.Array(ipam, "config") ?? []).Select(c => ComposeValues.Text(c, "subnet")).OfType<string>().ToList();
            networks.Add(new NetworksCreateParameters
            {
                Name = name,
                Driver = ComposeValues.Text(definition, "driver") ?? "overlay",
                Scope = "swarm",
                Options = options.Count == 0 ? null! : options,
                Internal = ComposeValues.Flag(definition, "internal") ?? false,
                Attachable = ComposeValues.Flag(definition, "attachable") ?? false,
                Labels = StackNames.WithNamespace(stack, ComposeValues.Labels(definition, "labels")),
                IPAM = ipam is null ? null! : new IPAM
                {
                    Driver = ComposeValues.Text(ipam, "driver")!,
                    Config = subnets.Count == 0 ? null! : subnets.Select(s => new IPAMConfig { Subnet = s }).ToList(),
                },
            });
        }

        return networks.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The bytes of every file-backed config and secret, keyed "configs/name".</summary>
    private static Dictionary<string, byte[]> FileContents(JsonObject root, string directory, IRepositoryFiles files, List<string> errors)
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var section in new[] { "configs", "secrets" })
        {
            foreach (var (key, definition) in JsonRead.Object(root, section) ?? [])
            {
                if (ComposeValues.Text(definition, "file") is not { } file)
                {
                    continue;
                }

                var path = RepositoryPaths.Combine(directory, file);
                if (files.Read(path) is { } text)
                {
                    contents[$"{section}/{key}"] = Encoding.UTF8.GetBytes(text);
                }
                else
                {
                    errors.Add($"{section[..^1]} '{key}': file '{path}' does not exist");
                }
            }
        }

        return contents;
    }

    private static List<KeyValuePair<string, string?>> EnvFiles(JsonObject service, string directory, IRepositoryFiles files, List<string> errors)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var file in ComposeValues.List(service, "env_file"))
        {
            var path = RepositoryPaths.Combine(directory, file);
            if (files.Read(path) is not { } text)
            {
                errors.Add($"env_file '{path}' does not exist");
                continue;
            }

            foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#')))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                pairs.Add(equals < 0 ? new(line.Trim(), null) : new(line[..equals].Trim(), line[(equals + 1)..]));
            }
        }

        return pairs;
    }
}
