using Docker.DotNet.Models;
using Reconciler.Core.Compose;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Swarm.Conversion;

/// <summary>
/// A Stack manifest and its compose model to the Engine API objects docker stack deploy would
/// create: services, overlay networks, configs and secrets, named and labelled the same way.
/// </summary>
public static class StackConverter
{
    public static StackObjects Convert(StackManifest stack, ComposeFile compose, IRepositoryFiles files)
    {
        var errors = new List<string>();
        var contents = FileContents(compose, files, errors);
        var references = new StackReferences(stack.Name, compose, contents);
        var converter = new ServiceConverter(stack.Name, compose, references);

        var services = new List<ServiceSpec>();
        foreach (var service in compose.Services)
        {
            try
            {
                services.Add(converter.Convert(service, EnvFiles(service, compose, files, errors)));
            }
            catch (FormatException e)
            {
                errors.Add($"{compose.Source.File}: service '{service.Name}': {e.Message}");
            }
        }

        var usedNetworks = services.SelectMany(s => s.TaskTemplate?.Networks ?? []).Select(n => n.Target).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new StackObjects(
            stack.Name,
            services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(),
            Networks(stack.Name, compose, references, usedNetworks),
            Objects(StackReferences.Configs, (name, labels, data, templating) => new SwarmConfigSpec { Name = name, Labels = labels, Data = data, Templating = templating }),
            Objects(StackReferences.Secrets, (name, labels, data, templating) => new SwarmSecretSpec { Name = name, Labels = labels, Data = data, Templating = templating }),
            errors)
        {
            SensitiveServices = compose.Services
                .Where(s => s.EnvFiles.Any(r => files.HoldsSecret(compose.PathOf(r.Path))) || s.Variables.Overlaps(compose.SecretVariables))
                .Select(s => StackNames.Scope(stack.Name, s.Name)).ToHashSet(StringComparer.Ordinal),
        };

        List<T> Objects<T>(string section, Func<string, IDictionary<string, string>, byte[], SwarmDriver?, T> create) =>
            StackReferences.Definitions(compose, section).Values
                .Where(o => !o.External && contents.ContainsKey($"{section}/{o.Key}"))
                .Select(o => create(
                    references.ObjectName(section, o.Key),
                    ObjectLabels(stack.Name, section, o, references),
                    contents[$"{section}/{o.Key}"],
                    o.TemplateDriver is { } driver ? new SwarmDriver { Name = driver } : null))
                .ToList();
    }

    /// <summary>The object's labels and namespace; one kept under its explicit name also records its content hash.</summary>
    private static IDictionary<string, string> ObjectLabels(string stack, string section, ComposeObject definition, StackReferences references)
    {
        var labels = StackNames.WithNamespace(stack, definition.Labels);
        if (definition.Name is not null && references.ContentHash(section, definition.Key) is { } hash)
        {
            labels[StackNames.ContentLabel] = hash;
        }

        return labels;
    }

    private static List<NetworksCreateParameters> Networks(string stack, ComposeFile compose, StackReferences references, HashSet<string> used)
    {
        var keys = compose.Networks.Keys.Append("default").Distinct(StringComparer.Ordinal);
        var networks = new List<NetworksCreateParameters>();
        foreach (var key in keys)
        {
            var definition = compose.Networks.GetValueOrDefault(key) ?? new ComposeNetwork(key, string.Empty);
            var name = references.NetworkName(key);
            if (definition.External || !used.Contains(name))
            {
                continue;
            }

            networks.Add(new NetworksCreateParameters
            {
                Name = name,
                Driver = definition.Driver ?? "overlay",
                Scope = "swarm",
                Options = definition.DriverOptions.Count == 0 ? null! : new Dictionary<string, string>(definition.DriverOptions, StringComparer.Ordinal),
                Internal = definition.Internal,
                Attachable = definition.Attachable,
                Labels = StackNames.WithNamespace(stack, definition.Labels),
                IPAM = !definition.HasIpam ? null! : new IPAM
                {
                    Driver = definition.IpamDriver!,
                    Config = definition.Subnets.Count == 0 ? null! : definition.Subnets.Select(s => new IPAMConfig { Subnet = s }).ToList(),
                },
            });
        }

        return networks.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The bytes of every file-backed config and secret, keyed "configs/name".</summary>
    private static Dictionary<string, byte[]> FileContents(ComposeFile compose, IRepositoryFiles files, List<string> errors)
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var section in new[] { StackReferences.Configs, StackReferences.Secrets })
        {
            foreach (var definition in StackReferences.Definitions(compose, section).Values)
            {
                if (definition.File is not { } file)
                {
                    continue;
                }

                var path = compose.PathOf(file);
                if (files.ReadBytes(path) is { } bytes)
                {
                    contents[$"{section}/{definition.Key}"] = bytes;
                }
                else
                {
                    errors.Add($"{section[..^1]} '{definition.Key}': file '{path}' does not exist");
                }
            }
        }

        return contents;
    }

    private static List<KeyValuePair<string, string?>> EnvFiles(ComposeService service, ComposeFile compose, IRepositoryFiles files, List<string> errors)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var reference in service.EnvFiles)
        {
            var path = compose.PathOf(reference.Path);
            if (files.Read(path) is not { } text)
            {
                if (reference.Required)
                {
                    errors.Add($"env_file '{path}' does not exist");
                }

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
