using System.Globalization;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Compose;
using Placement = Docker.DotNet.Models.Placement;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>The deploy section: mode, placement, resources, restart, update and rollback policies.</summary>
internal static class DeployConverter
{
    public static ServiceMode Mode(ServiceDeploy deploy)
    {
        var replicas = (ulong?)deploy.Replicas;
        return deploy.Mode switch
        {
            DeployMode.Global => new ServiceMode { Global = new GlobalService() },
            DeployMode.GlobalJob => new ServiceMode { GlobalJob = new GlobalJob() },
            DeployMode.ReplicatedJob => new ServiceMode { ReplicatedJob = new ReplicatedJob { MaxConcurrent = replicas ?? 1, TotalCompletions = replicas ?? 1 } },
            _ => new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas ?? 1 } },
        };
    }

    /// <summary>Placement; its constraints come from the model, where the placement rules read them.</summary>
    public static Placement? Placement(JsonObject? deploy, ServiceDeploy model)
    {
        var placement = JsonRead.Object(deploy, "placement");
        if (placement is null)
        {
            return null;
        }

        var preferences = (JsonRead.Array(placement, "preferences") ?? [])
            .Select(p => ComposeValues.Text(p, "spread"))
            .OfType<string>()
            .Select(spread => new PlacementPreference { Spread = new SpreadOver { SpreadDescriptor = spread } })
            .ToList();
        var constraints = model.Constraints.Select(c => c.Text).ToList();
        return new Placement
        {
            Constraints = constraints.Count == 0 ? null : constraints,
            Preferences = preferences.Count == 0 ? null : preferences,
            MaxReplicas = (ulong?)ComposeValues.Number(placement, "max_replicas_per_node") ?? 0,
        };
    }

    public static ResourceRequirements? Resources(JsonObject? deploy)
    {
        var resources = JsonRead.Object(deploy, "resources");
        if (resources is null)
        {
            return null;
        }

        var limits = JsonRead.Object(resources, "limits");
        var reservations = JsonRead.Object(resources, "reservations");
        return new ResourceRequirements
        {
            Limits = limits is null ? null : new SwarmLimit
            {
                NanoCPUs = Cpus(limits),
                MemoryBytes = Memory(limits),
                Pids = ComposeValues.Number(limits, "pids"),
            },
            Reservations = reservations is null ? null : new SwarmResources
            {
                NanoCPUs = Cpus(reservations),
                MemoryBytes = Memory(reservations),
            },
        };
    }

    /// <summary>deploy.restart_policy; the service-level restart: is ignored by stack deploy (and warned about by validate).</summary>
    public static SwarmRestartPolicy? RestartPolicy(JsonObject? deploy)
    {
        var policy = JsonRead.Object(deploy, "restart_policy");
        return policy is null
            ? null
            : new SwarmRestartPolicy
            {
                Condition = ComposeValues.Text(policy, "condition"),
                Delay = ComposeUnits.Duration(ComposeValues.Text(policy, "delay")),
                MaxAttempts = (ulong?)ComposeValues.Number(policy, "max_attempts"),
                Window = ComposeUnits.Duration(ComposeValues.Text(policy, "window")),
            };
    }

    /// <summary>update_config or rollback_config; the update order is passed from the model, where the single-writer rule reads it.</summary>
    public static SwarmUpdateConfig? Update(JsonObject? deploy, string field, string? order)
    {
        var config = JsonRead.Object(deploy, field);
        if (config is null)
        {
            return null;
        }

        return new SwarmUpdateConfig
        {
            Parallelism = (ulong?)ComposeValues.Number(config, "parallelism") ?? 1,
            Delay = ComposeUnits.Duration(ComposeValues.Text(config, "delay")),
            FailureAction = ComposeValues.Text(config, "failure_action")!,
            Monitor = ComposeUnits.Duration(ComposeValues.Text(config, "monitor")),
            MaxFailureRatio = float.TryParse(ComposeValues.Text(config, "max_failure_ratio"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) ? ratio : 0,
            Order = order!,
        };
    }

    private static long? Cpus(JsonObject limits) => ComposeValues.Text(limits, "cpus") is { } cpus ? ComposeUnits.NanoCpus(cpus) : null;

    private static long? Memory(JsonObject limits) => ComposeValues.Text(limits, "memory") is { } memory ? ComposeUnits.Bytes(memory) : null;
}
