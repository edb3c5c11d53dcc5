using System.Text.Json.Nodes;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>The top-level volumes, networks, configs and secrets that services refer to by key.</summary>
internal static class DefinitionReader
{
    public static ComposeFile Read(JsonObject root, ComposeFields fields) => new(fields.Document, [])
    {
        Volumes = Section(root, "volumes", fields, (key, pointer, map) => new ComposeVolume(key, pointer)
        {
            External = External(map, pointer, fields),
            Name = fields.Text(map, "name", pointer + "/name"),
            Driver = fields.Text(map, "driver", pointer + "/driver"),
            DriverOptions = fields.Labels(map, "driver_opts", pointer + "/driver_opts"),
            Labels = fields.Labels(map, "labels", pointer + "/labels"),
        }),
        Networks = Section(root, "networks", fields, Network),
        Configs = Section(root, "configs", fields, Object),
        Secrets = Section(root, "secrets", fields, Object),
    };

    private static ComposeNetwork Network(string key, string pointer, JsonObject? map, ComposeFields fields)
    {
        var ipam = fields.Mapping(map, "ipam", pointer + "/ipam");
        var subnets = new List<string>();
        var config = ipam?["config"] as JsonArray ?? [];
        for (var i = 0; i < config.Count; i++)
        {
            if (fields.Text(config[i] as JsonObject, "subnet", $"{pointer}/ipam/config/{i}/subnet") is { } subnet)
            {
                subnets.Add(subnet);
            }
        }

        return new ComposeNetwork(key, pointer)
        {
            External = External(map, pointer, fields),
            Name = fields.Text(map, "name", pointer + "/name"),
            Driver = fields.Text(map, "driver", pointer + "/driver"),
            DriverOptions = fields.Labels(map, "driver_opts", pointer + "/driver_opts"),
            Internal = fields.Flag(map, "internal", pointer + "/internal") ?? false,
            Attachable = fields.Flag(map, "attachable", pointer + "/attachable") ?? false,
            Labels = fields.Labels(map, "labels", pointer + "/labels"),
            HasIpam = ipam is not null,
            IpamDriver = fields.Text(ipam, "driver", pointer + "/ipam/driver"),
            Subnets = subnets,
        };
    }

    private static ComposeObject Object(string key, string pointer, JsonObject? map, ComposeFields fields)
    {
        var external = External(map, pointer, fields);
        return new ComposeObject(key, pointer)
        {
            External = external,
            Name = fields.Text(map, "name", pointer + "/name"),
            File = external ? null : fields.Text(map, "file", pointer + "/file"),
            Labels = fields.Labels(map, "labels", pointer + "/labels"),
            TemplateDriver = fields.Text(map, "template_driver", pointer + "/template_driver"),
        };
    }

    /// <summary>external: true, or the legacy external: {name: x} (whose name then is the object's).</summary>
    private static bool External(JsonObject? map, string pointer, ComposeFields fields) =>
        map?["external"] is JsonObject || (fields.Flag(map, "external", pointer + "/external") ?? false);

    private static Dictionary<string, T> Section<T>(JsonObject root, string section, ComposeFields fields, Func<string, string, JsonObject?, ComposeFields, T> read)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, node) in fields.Mapping(root, section, "/" + section) ?? [])
        {
            var pointer = JsonPointers.Child("/" + section, key);
            if (node is not (null or JsonObject))
            {
                fields.Invalid(pointer, $"{section} entry '{key}' must be a mapping");
            }

            result[key] = read(key, pointer, node as JsonObject, fields);
        }

        return result;
    }

    private static Dictionary<string, T> Section<T>(JsonObject root, string section, ComposeFields fields, Func<string, string, JsonObject?, T> read) =>
        Section(root, section, fields, (key, pointer, map, _) => read(key, pointer, map));
}
