using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>Reads one service into the typed model, coercing every governed field through <see cref="ComposeFields"/>.</summary>
internal sealed class ServiceReader(ComposeFields fields, IReadOnlyDictionary<string, ComposeVolume> volumes, IReadOnlyDictionary<string, string> variables)
{
    private readonly MountReader mounts = new(fields, volumes);

    public ComposeService Read(string name, string pointer, JsonObject service) => new(name, pointer, service)
    {
        Image = fields.Text(service, "image", pointer + "/image"),
        Deploy = Deploy(fields.Mapping(service, "deploy", pointer + "/deploy"), pointer + "/deploy"),
        Mounts = mounts.Read(service, pointer),
        Networks = Networks(service, pointer + "/networks"),
        Configs = References(service, "configs", pointer + "/configs"),
        Secrets = References(service, "secrets", pointer + "/secrets"),
        EnvFiles = EnvFiles(service, pointer + "/env_file"),
        Environment = Environment(name, service, pointer + "/environment"),
        Host = new HostAccess
        {
            Privileged = fields.Flag(service, "privileged", pointer + "/privileged") ?? false,
            CapAdd = fields.List(service, "cap_add", pointer + "/cap_add"),
            CapDrop = fields.List(service, "cap_drop", pointer + "/cap_drop"),
            Devices = fields.List(service, "devices", pointer + "/devices"),
            Sysctls = fields.Labels(service, "sysctls", pointer + "/sysctls"),
            Pid = fields.Text(service, "pid", pointer + "/pid"),
            Ipc = fields.Text(service, "ipc", pointer + "/ipc"),
            Uts = fields.Text(service, "uts", pointer + "/uts"),
            UsernsMode = fields.Text(service, "userns_mode", pointer + "/userns_mode"),
            Cgroup = fields.Text(service, "cgroup", pointer + "/cgroup"),
            NetworkMode = fields.Text(service, "network_mode", pointer + "/network_mode"),
            SecurityOpt = fields.List(service, "security_opt", pointer + "/security_opt"),
        },
    };

    private ServiceDeploy Deploy(JsonObject? deploy, string pointer)
    {
        var modeText = fields.Text(deploy, "mode", pointer + "/mode");
        var mode = modeText switch
        {
            null or "replicated" => DeployMode.Replicated,
            "global" => DeployMode.Global,
            "replicated-job" => DeployMode.ReplicatedJob,
            "global-job" => DeployMode.GlobalJob,
            _ => (DeployMode?)null,
        };
        if (mode is null)
        {
            fields.Invalid(pointer + "/mode", $"deploy mode '{modeText}' is not replicated, global, replicated-job or global-job");
        }

        var placement = fields.Mapping(deploy, "placement", pointer + "/placement");
        var constraints = new List<PlacementConstraint>();
        var texts = fields.List(placement, "constraints", pointer + "/placement/constraints");
        for (var i = 0; i < texts.Count; i++)
        {
            if (PlacementConstraint.Parse(texts[i]) is { } constraint)
            {
                constraints.Add(constraint);
            }
            else
            {
                fields.Invalid($"{pointer}/placement/constraints/{i}", $"placement constraint '{texts[i]}' is not 'attribute == value' or 'attribute != value'");
            }
        }

        return new ServiceDeploy
        {
            Mode = mode ?? DeployMode.Replicated,
            Replicas = fields.Integer(deploy, "replicas", pointer + "/replicas", minimum: 0),
            UpdateOrder = fields.Text(fields.Mapping(deploy, "update_config", pointer + "/update_config"), "order", pointer + "/update_config/order"),
            Constraints = constraints,
        };
    }

    private List<ServiceNetwork> Networks(JsonObject service, string pointer)
    {
        if (service["networks"] is JsonObject map)
        {
            return map.Select(p =>
            {
                var at = JsonPointers.Child(pointer, p.Key);
                if (p.Value is not (null or JsonObject))
                {
                    fields.Invalid(at, $"network '{p.Key}' must be a mapping (aliases, ...) or empty");
                }

                return new ServiceNetwork(p.Key, fields.List(p.Value as JsonObject, "aliases", at + "/aliases"), at);
            }).ToList();
        }

        return fields.List(service, "networks", pointer).Select((key, i) => new ServiceNetwork(key, [], JsonPointers.Child(pointer, i))).ToList();
    }

    private List<ObjectReference> References(JsonObject service, string section, string pointer)
    {
        var references = new List<ObjectReference>();
        if (service[section] is not JsonArray items)
        {
            if (service[section] is not null)
            {
                fields.Invalid(pointer, $"'{section}' must be a list");
            }

            return references;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var at = JsonPointers.Child(pointer, i);
            if (items[i] is JsonObject map)
            {
                references.Add(new ObjectReference(fields.Text(map, "source", at + "/source") ?? string.Empty, at)
                {
                    Target = fields.Text(map, "target", at + "/target"),
                    Uid = fields.Text(map, "uid", at + "/uid"),
                    Gid = fields.Text(map, "gid", at + "/gid"),
                    Mode = Mode(map, at + "/mode"),
                });
            }
            else if (JsonRead.Scalar(items[i]) is { } source)
            {
                references.Add(new ObjectReference(source, at));
            }
            else
            {
                fields.Invalid(at, $"each of '{section}' is a name or a mapping with source and target");
            }
        }

        return references;
    }

    /// <summary>A number is the mode itself (an unquoted 0440 was read as octal already); text is octal.</summary>
    private uint? Mode(JsonObject map, string pointer)
    {
        if (map["mode"] is JsonValue value && value.TryGetValue<long>(out var number) && number is >= 0 and <= 0x7FFFFFFF)
        {
            return (uint)number;
        }

        if (fields.Text(map, "mode", pointer) is not { } text)
        {
            return null;
        }

        if (text.Length > 0 && text.Length <= 10 && text.All(c => c is >= '0' and <= '7'))
        {
            return System.Convert.ToUInt32(text, 8);
        }

        fields.Invalid(pointer, $"mode '{text}' is not an octal number such as 0440");
        return null;
    }

    private List<EnvFileReference> EnvFiles(JsonObject service, string pointer)
    {
        if (service["env_file"] is not JsonArray list)
        {
            return fields.List(service, "env_file", pointer).Select(path => new EnvFileReference(path, Required: true, pointer)).ToList();
        }

        var result = new List<EnvFileReference>();
        for (var i = 0; i < list.Count; i++)
        {
            var at = JsonPointers.Child(pointer, i);
            if (list[i] is JsonObject map && fields.Text(map, "path", at + "/path") is { } path)
            {
                result.Add(new EnvFileReference(path, fields.Flag(map, "required", at + "/required") ?? true, at + "/path"));
            }
            else if (JsonRead.Scalar(list[i]) is { } text)
            {
                result.Add(new EnvFileReference(text, Required: true, at));
            }
            else
            {
                fields.Invalid(at, "each env_file is a path or a mapping with path (and required)");
            }
        }

        return result;
    }

    /// <summary>
    /// A name without a value (TZ in the list form, TZ: in the map form) is compose's "take it
    /// from the environment". The repository is the whole truth, so that environment is the
    /// Stack's variables: a name set there takes its value. A name not set there stays bare, as
    /// docker stack deploy sends it when its own environment lacks the name (the engine then sets
    /// no such variable in the container; checked on the lab), with a warning so a reviewer sees
    /// that the service gets no value from the repository.
    /// </summary>
    private List<KeyValuePair<string, string?>> Environment(string service, JsonObject definition, string pointer)
    {
        var pairs = fields.Pairs(definition, "environment", pointer);
        var result = new List<KeyValuePair<string, string?>>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (key, value) = pairs[i];
            if (value is null && variables.TryGetValue(key, out var variable))
            {
                value = variable;
            }
            else if (value is null)
            {
                var at = definition["environment"] is JsonArray ? JsonPointers.Child(pointer, i) : JsonPointers.Child(pointer, key);
                fields.Report(Rules.PassThroughUnset, at,
                    $"environment '{key}' of service '{service}' has no value and is not in the Stack's spec.variables; it is sent bare, as docker stack deploy does when its own environment lacks it, so the container does not have it");
            }

            result.Add(new(key, value));
        }

        return result;
    }
}
