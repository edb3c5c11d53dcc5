using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>
/// Turns a parsed compose document into a <see cref="ComposeFile"/>: interpolates variables,
/// reads the top-level definitions and the services into the typed model, and warns about
/// fields Swarm ignores.
/// </summary>
public static class ComposeReader
{
    /// <summary>Service fields that docker stack deploy ignores or Swarm cannot do.</summary>
    private static readonly Dictionary<string, string> SwarmIgnores = new(StringComparer.Ordinal)
    {
        ["build"] = "Swarm never builds images; build and push it, then reference the image",
        ["depends_on"] = "Swarm starts services in no particular order; make the service retry its dependencies",
        ["container_name"] = "Swarm names task containers itself",
        ["links"] = "use a shared network and the service name instead",
        ["external_links"] = "use a shared external network instead",
        ["restart"] = "use deploy.restart_policy instead",
        ["tmpfs"] = "use a volume of type: tmpfs instead",
        ["network_mode"] = "attach the service to networks instead",
        ["cgroup_parent"] = "Swarm does not support it",
        ["userns_mode"] = "Swarm does not support it",
        ["security_opt"] = "Swarm does not support it",
        ["privileged"] = "Swarm services cannot run privileged",
        ["devices"] = "Swarm services cannot map devices",
        ["ipc"] = "Swarm does not support it",
        ["pid"] = "Swarm does not support it",
        ["mac_address"] = "Swarm does not support it",
        ["cpu_shares"] = "use deploy.resources instead",
        ["cpu_quota"] = "use deploy.resources instead",
        ["cpuset"] = "use deploy.resources instead",
        ["mem_limit"] = "use deploy.resources.limits.memory instead",
        ["memswap_limit"] = "use deploy.resources instead",
        ["profiles"] = "docker stack deploy deploys every service",
        ["pull_policy"] = "Swarm resolves and pulls images itself",
    };

    public static (ComposeFile? File, IReadOnlyList<Diagnostic> Diagnostics) Read(SourceDocument document, IReadOnlyDictionary<string, string> variables)
    {
        var diagnostics = new List<Diagnostic>();
        if (document.Root is not JsonObject root)
        {
            diagnostics.Add(Rules.ComposeInvalid.At(document.Start, "a compose file must be a mapping with a 'services' section"));
            return (null, diagnostics);
        }

        var reads = (root["services"] as JsonObject)?.ToDictionary(s => s.Key, s => Interpolation.Reads(s.Value, variables), StringComparer.Ordinal);
        foreach (var missing in Interpolation.Apply(root, variables))
        {
            var message = missing.Required
                ? $"variable {missing.Variable} must be set{(missing.Message is null ? string.Empty : ": " + missing.Message)}; set it in the Stack's spec.variables"
                : $"variable {missing.Variable} is not set and becomes an empty string; set it in the Stack's spec.variables or write ${{{missing.Variable}:-default}}";
            diagnostics.Add((missing.Required ? Rules.ComposeInvalid : Rules.UnsetVariable).At(document.Locate(missing.Pointer), message));
        }

        if (root["services"] is not JsonObject services)
        {
            diagnostics.Add(Rules.ComposeInvalid.At(document.LocateKey("/services"), "the compose file has no 'services' mapping"));
            return (null, diagnostics);
        }

        var fields = new ComposeFields(document, diagnostics);
        var definitions = DefinitionReader.Read(root, fields);
        var result = new List<ComposeService>();
        foreach (var (name, node) in services)
        {
            var pointer = JsonPointers.Child("/services", name);
            if (!Model.Names.IsServiceName(name))
            {
                diagnostics.Add(Rules.ServiceName.At(document.LocateKey(pointer),
                    $"service name '{name}' is not valid for Docker: use letters, digits, '_', '.' and '-', starting with a letter or digit"));
            }

            if (node is not JsonObject service)
            {
                diagnostics.Add(Rules.ComposeInvalid.At(document.Locate(pointer), $"service '{name}' must be a mapping"));
                continue;
            }

            foreach (var field in service.Select(p => p.Key).Where(SwarmIgnores.ContainsKey))
            {
                diagnostics.Add(Rules.SwarmIgnores.At(document.LocateKey(JsonPointers.Child(pointer, field)),
                    $"'{field}' in service '{name}' is ignored by docker stack deploy: {SwarmIgnores[field]}"));
            }

            // Pass-through environment names read variables too: each service reads through its own recorder.
            var passThrough = new VariableReads(variables);
            var read = new ServiceReader(fields, definitions.Volumes, passThrough).Read(name, pointer, service);
            result.Add(read with { Variables = passThrough.Read.Union(reads?.GetValueOrDefault(name) ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal) });
        }

        return (definitions with { Services = result }, diagnostics);
    }
}
