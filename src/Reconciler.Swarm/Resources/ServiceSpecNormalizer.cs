using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Resources;

/// <summary>
/// Makes a desired ServiceSpec and a live one comparable, so a plan right after an apply is
/// empty and a hand edit shows up. It changes nothing the engine would treat differently:
/// <list type="bullet">
/// <item>fills the defaults the engine fills (<see cref="Defaults"/>, each with its reason);</item>
/// <item>names networks instead of their IDs and drops config and secret IDs: the engine assigns IDs, the name is what a spec means;</item>
/// <item>drops our own bookkeeping labels (commit, stack file): they change with every deploy by design;</item>
/// <item>drops ForceUpdate: a counter that restarts tasks when it changes (rebalance, <c>docker service update --force</c>), not a wish;</item>
/// <item>sorts lists the engine treats as sets (networks, secrets, configs, env, constraints, ports);</item>
/// <item>removes empty values: the engine's API omits zero values, so an empty value and an absent one are the same spec.</item>
/// </list>
/// Everything else, placement platforms included, is compared as the engine stored it.
/// </summary>
public static class ServiceSpecNormalizer
{
    private const long Seconds = 1_000_000_000;

    /// <summary>
    /// What the engine (20.10, API 1.41) fills in when a spec leaves a field out or empty; a
    /// default applies to an absent field and to an empty string alike, as the engine treats them.
    /// </summary>
    private static readonly JsonObject Defaults = new()
    {
        ["TaskTemplate"] = new JsonObject
        {
            // Swarmkit stops a task with a 10 s grace period when none is set; the engine reports isolation "default" for an empty one.
            ["ContainerSpec"] = new JsonObject { ["StopGracePeriod"] = 10 * Seconds, ["Isolation"] = "default" },
            // Swarmkit restarts on any exit after 5 s when the spec sets no restart policy.
            ["RestartPolicy"] = new JsonObject { ["Condition"] = "any", ["Delay"] = 5 * Seconds },
            // A task template with a container spec runs the "container" runtime.
            ["Runtime"] = "container",
        },
        // Swarmkit updates and rolls back one task at a time, pausing on failure, watching 5 s, when
        // the spec has no such config; the engine stores "stop-first" for an empty order and
        // "pause" for an empty failure action.
        ["UpdateConfig"] = UpdateDefaults(),
        ["RollbackConfig"] = UpdateDefaults(),
        // Services get a virtual IP unless the spec asks for DNS round robin.
        ["EndpointSpec"] = new JsonObject { ["Mode"] = "vip" },
    };

    /// <summary>Zero is meaningful here (scaled to zero), so it is never dropped as empty.</summary>
    private static readonly string[] MeaningfulZeros = ["/Mode/Replicated/Replicas", "/Mode/ReplicatedJob/MaxConcurrent", "/Mode/ReplicatedJob/TotalCompletions"];

    public static JsonObject Normalize(JsonObject spec, IReadOnlyDictionary<string, string> networkNames)
    {
        var tree = (JsonObject)spec.DeepClone();
        RemoveOwnLabels(tree);
        var task = tree["TaskTemplate"] as JsonObject;
        task?.Remove("ForceUpdate");
        var container = task?["ContainerSpec"] as JsonObject;
        if (task?["Networks"] is JsonArray networks)
        {
            foreach (var network in networks.OfType<JsonObject>())
            {
                if (JsonRead.AsString(network["Target"]) is { } target && networkNames.TryGetValue(target, out var name))
                {
                    network["Target"] = name;
                }
            }

            task["Networks"] = SortBy(networks, n => JsonRead.String(n, "Target"));
        }

        ForEach(container?["Secrets"], s => s.Remove("SecretID"));
        ForEach(container?["Configs"], c => c.Remove("ConfigID"));
        SortObjects(container, "Secrets", "SecretName");
        SortObjects(container, "Configs", "ConfigName");
        SortStrings(container, "Env");
        SortStrings(task?["Placement"], "Constraints");
        if (tree["EndpointSpec"] is JsonObject endpoint && endpoint["Ports"] is JsonArray ports)
        {
            endpoint["Ports"] = SortBy(ports, p => $"{JsonRead.Scalar(p?["PublishedPort"]),10}{JsonRead.Scalar(p?["TargetPort"]),10}{JsonRead.String(p, "Protocol")}");
        }

        Merge(tree, Defaults);
        return (JsonObject)(Prune(tree, string.Empty) ?? new JsonObject());
    }

    /// <summary>The image without its digest, for comparing when the desired digest could not be resolved.</summary>
    public static string WithoutDigest(string image) => image.Split('@')[0];

    private static JsonObject UpdateDefaults() => new()
    {
        ["Parallelism"] = 1,
        ["FailureAction"] = "pause",
        ["Monitor"] = 5 * Seconds,
        ["Order"] = "stop-first",
    };

    private static void RemoveOwnLabels(JsonObject tree)
    {
        if (tree["Labels"] is JsonObject labels)
        {
            foreach (var key in labels.Select(l => l.Key).Where(k => k.StartsWith(Conversion.StackNames.ReconcilerPrefix, StringComparison.Ordinal)).ToList())
            {
                labels.Remove(key);
            }
        }
    }

    private static void Merge(JsonObject target, JsonObject defaults)
    {
        foreach (var (key, value) in defaults)
        {
            if (value is JsonObject nested)
            {
                if (target[key] is not JsonObject child)
                {
                    child = [];
                    target[key] = child;
                }

                Merge(child, nested);
            }
            else if (target[key] is null || JsonRead.AsString(target[key]) is { Length: 0 })
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonNode? Prune(JsonNode? node, string pointer)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, child) in map.ToList())
                {
                    var pruned = Prune(child, JsonPointers.Child(pointer, key));
                    if (pruned is null)
                    {
                        map.Remove(key);
                    }
                }

                return map.Count == 0 ? null : map;
            case JsonArray list:
                return list.Count == 0 ? null : list;
            case JsonValue value:
                var empty = value.GetValueKind() switch
                {
                    JsonValueKind.False => true,
                    JsonValueKind.String => value.GetValue<string>().Length == 0,
                    JsonValueKind.Number => value.ToJsonString() is "0" or "0.0" && !MeaningfulZeros.Contains(pointer),
                    _ => false,
                };
                return empty ? null : value;
            default:
                return null;
        }
    }

    private static void ForEach(JsonNode? list, Action<JsonObject> action)
    {
        foreach (var item in (list as JsonArray ?? []).OfType<JsonObject>())
        {
            action(item);
        }
    }

    private static void SortStrings(JsonNode? parent, string name)
    {
        if (parent is JsonObject map && map[name] is JsonArray list)
        {
            map[name] = SortBy(list, v => JsonRead.Scalar(v));
        }
    }

    private static void SortObjects(JsonObject? parent, string name, string key)
    {
        if (parent?[name] is JsonArray list)
        {
            parent[name] = SortBy(list, item => JsonRead.String(item, key));
        }
    }

    private static JsonArray SortBy(JsonArray list, Func<JsonNode?, string?> key) =>
        new(list.Select(i => i?.DeepClone()).OrderBy(key, StringComparer.Ordinal).ToArray());
}
