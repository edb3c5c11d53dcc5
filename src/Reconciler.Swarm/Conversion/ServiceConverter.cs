using System.Globalization;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Compose;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>
/// One compose service to the ServiceSpec docker stack deploy would send, field by field.
/// Image digests, config and secret IDs are filled in at apply time, not here.
/// </summary>
internal sealed class ServiceConverter(string stack, ComposeFile compose, StackReferences references)
{
    private readonly MountConverter mounts = new(stack, compose.Volumes);

    /// <summary>
    /// Everything a rule governs (task count, placement, update order, mounts, networks, host
    /// access, configs and secrets) comes from the typed model; runtime settings no rule reads
    /// are copied from the service's interpolated definition.
    /// </summary>
    public ServiceSpec Convert(ComposeService model, IReadOnlyList<KeyValuePair<string, string?>> envFile)
    {
        var service = model.Definition;
        var deploy = JsonRead.Object(service, "deploy");
        return new ServiceSpec
        {
            Name = StackNames.Scope(stack, model.Name),
            Labels = ServiceLabels(deploy, model.Image),
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = Container(model, envFile),
                LogDriver = Logging(service),
                RestartPolicy = DeployConverter.RestartPolicy(deploy),
                Placement = DeployConverter.Placement(deploy, model.Deploy),
                Resources = DeployConverter.Resources(deploy),
                Networks = references.ServiceNetworks(model),
            },
            Mode = DeployConverter.Mode(model.Deploy),
            UpdateConfig = DeployConverter.Update(deploy, "update_config", model.Deploy.UpdateOrder),
            RollbackConfig = DeployConverter.Update(deploy, "rollback_config", ComposeValues.Text(JsonRead.Object(deploy, "rollback_config"), "order")),
            EndpointSpec = PortConverter.Convert(service),
        };
    }

    private ContainerSpec Container(ComposeService model, IReadOnlyList<KeyValuePair<string, string?>> envFile)
    {
        var service = model.Definition;
        var dns = ComposeValues.List(service, "dns");
        var dnsSearch = ComposeValues.List(service, "dns_search");
        var dnsOptions = ComposeValues.List(service, "dns_opt");
        var capAdd = model.Host.CapAdd.Select(Capability).ToList();
        var capDrop = model.Host.CapDrop.Select(Capability).ToList();
        var groups = ComposeValues.List(service, "group_add");
        var sysctls = model.Host.Sysctls;
        return new ContainerSpec
        {
            Image = model.Image,
            Labels = StackNames.WithNamespace(stack, ComposeValues.Labels(service, "labels")),
            Command = ComposeValues.Command(service, "entrypoint"),
            Args = ComposeValues.Command(service, "command"),
            Hostname = ComposeValues.Text(service, "hostname"),
            Env = Environment(model, envFile),
            Dir = ComposeValues.Text(service, "working_dir"),
            User = ComposeValues.Text(service, "user"),
            Groups = groups.Count == 0 ? null : groups,
            Init = ComposeValues.Flag(service, "init"),
            StopSignal = ComposeValues.Text(service, "stop_signal"),
            TTY = ComposeValues.Flag(service, "tty"),
            OpenStdin = ComposeValues.Flag(service, "stdin_open"),
            ReadOnly = ComposeValues.Flag(service, "read_only"),
            Mounts = mounts.Convert(model),
            StopGracePeriod = ComposeUnits.Duration(ComposeValues.Text(service, "stop_grace_period")),
            Healthcheck = Healthcheck(JsonRead.Object(service, "healthcheck")),
            Hosts = ExtraHosts(service),
            DNSConfig = dns.Count + dnsSearch.Count + dnsOptions.Count == 0
                ? null
                : new DNSConfig { Nameservers = Nullable(dns), Search = Nullable(dnsSearch), Options = Nullable(dnsOptions) },
            Secrets = references.SecretReferences(model),
            Configs = references.ConfigReferences(model),
            Isolation = ComposeValues.Text(service, "isolation"),
            Sysctls = sysctls.Count == 0 ? null : new Dictionary<string, string>(sysctls, StringComparer.Ordinal),
            CapabilityAdd = capAdd.Count == 0 ? null : capAdd,
            CapabilityDrop = capDrop.Count == 0 ? null : capDrop,
            Ulimits = Ulimits(JsonRead.Object(service, "ulimits")),
        };
    }

    /// <summary>Service labels: deploy.labels, the stack namespace, and the image as written (as the docker CLI records it).</summary>
    private Dictionary<string, string> ServiceLabels(JsonObject? deploy, string? image)
    {
        var labels = new Dictionary<string, string>(StackNames.WithNamespace(stack, ComposeValues.Labels(deploy, "labels")), StringComparer.Ordinal);
        if (image is not null)
        {
            labels[StackNames.ImageLabel] = image;
        }

        return labels;
    }

    /// <summary>The docker CLI sends capabilities upper-case with the CAP_ prefix; so do we, so specs compare equal.</summary>
    private static string Capability(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper == "ALL" || upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    private static IList<string>? Nullable(IList<string> list) => list.Count == 0 ? null : list;

    /// <summary>
    /// env_file first, then environment on top, sorted as docker stack deploy sends them: "KEY=value",
    /// or a bare "KEY" for an environment name that has no value (see <see cref="ComposeService.Environment"/>).
    /// An env_file line without a value is left out, as before.
    /// </summary>
    private static IList<string>? Environment(ComposeService model, IReadOnlyList<KeyValuePair<string, string?>> envFile)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in envFile.Where(p => p.Value is not null).Concat(model.Environment))
        {
            values[key] = value;
        }

        var env = values.Select(v => v.Value is null ? v.Key : $"{v.Key}={v.Value}").Order(StringComparer.Ordinal).ToList();
        return env.Count == 0 ? null : env;
    }

    private static SwarmDriver? Logging(JsonObject service)
    {
        var logging = JsonRead.Object(service, "logging");
        if (logging is null)
        {
            return null;
        }

        var options = ComposeValues.Labels(logging, "options");
        return new SwarmDriver { Name = ComposeValues.Text(logging, "driver"), Options = options.Count == 0 ? null : options };
    }

    private static HealthcheckConfig? Healthcheck(JsonObject? health)
    {
        if (health is null)
        {
            return null;
        }

        if (ComposeValues.Flag(health, "disable") == true)
        {
            return new HealthcheckConfig { Test = ["NONE"] };
        }

        var test = health["test"] switch
        {
            JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().ToList(),
            JsonValue value when JsonRead.Scalar(value) is { } shell => ["CMD-SHELL", shell],
            _ => null,
        };
        return new HealthcheckConfig
        {
            Test = test,
            Interval = ComposeUnits.Duration(ComposeValues.Text(health, "interval")),
            Timeout = ComposeUnits.Duration(ComposeValues.Text(health, "timeout")),
            StartPeriod = ComposeUnits.Duration(ComposeValues.Text(health, "start_period")),
            Retries = ComposeValues.Number(health, "retries"),
        };
    }

    /// <summary>extra_hosts "host:ip" (or a map) become "ip host" lines, the hosts-file order Swarm wants.</summary>
    private static IList<string>? ExtraHosts(JsonObject service)
    {
        var hosts = service["extra_hosts"] switch
        {
            JsonObject map => map.Select(p => $"{JsonRead.Scalar(p.Value)} {p.Key}").ToList(),
            JsonArray list => list.Select(JsonRead.Scalar).OfType<string>().Select(entry =>
            {
                var separator = entry.IndexOfAny(['=', ':']);
                return separator < 0 ? entry : $"{entry[(separator + 1)..]} {entry[..separator]}";
            }).ToList(),
            _ => [],
        };
        return hosts.Count == 0 ? null : hosts;
    }

    private static IList<Ulimit>? Ulimits(JsonObject? ulimits)
    {
        if (ulimits is null)
        {
            return null;
        }

        return ulimits.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Value is JsonObject limits
            ? new Ulimit { Name = u.Key, Soft = ComposeValues.Number(limits, "soft") ?? 0, Hard = ComposeValues.Number(limits, "hard") ?? 0 }
            : new Ulimit { Name = u.Key, Soft = long.Parse(JsonRead.Scalar(u.Value) ?? "0", CultureInfo.InvariantCulture), Hard = long.Parse(JsonRead.Scalar(u.Value) ?? "0", CultureInfo.InvariantCulture) })
            .ToList();
    }
}
