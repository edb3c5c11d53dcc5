using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// Nothing may grant a container the host unless the Cluster policy says so: privileges,
/// capabilities, devices, the host's network and namespaces, unconfined security profiles,
/// and sysctls that are not namespaced. Swarm ignores some of these today (validate warns with
/// RC600), but they are refused all the same: a later engine or CLI may honour them, and a
/// review must never pass a compose file that asks for the host.
/// </summary>
internal sealed class HostAccessRules : IStateRule
{
    private static readonly string[] Namespaces = ["pid", "ipc", "uts", "userns_mode", "cgroup"];

    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        if (state.Cluster is not { } cluster)
        {
            return [];
        }

        return state.Stacks.Select(state.ComposeOf).OfType<ComposeFile>()
            .SelectMany(compose => compose.Services.SelectMany(service => Check(cluster.Policy, compose, service)));
    }

    private static IEnumerable<Diagnostic> Check(Policy policy, ComposeFile compose, ComposeService service)
    {
        var host = service.Host;
        var at = (string field) => compose.Source.Locate(service.Pointer + "/" + field);
        if (!policy.AllowPrivileged)
        {
            const string how = "set spec.policy.allowPrivileged: true in the Cluster if this is really intended";
            if (host.Privileged)
            {
                yield return Rules.Privileged.At(at("privileged"), $"service '{service.Name}' asks for privileged mode, which the policy forbids; {how}");
            }

            if (host.CapAdd.Count > 0)
            {
                yield return Rules.CapAdd.At(at("cap_add"),
                    $"service '{service.Name}' adds capabilities ({string.Join(", ", host.CapAdd)}), which the policy forbids; {how}");
            }

            if (host.Devices.Count > 0)
            {
                yield return Rules.Devices.At(at("devices"), $"service '{service.Name}' maps host devices, which the policy forbids; {how}");
            }
        }

        var hostNetworks = HostNetworks(compose, service).ToList();
        if (!policy.AllowHostNetwork)
        {
            foreach (var (pointer, how) in hostNetworks)
            {
                yield return Rules.HostNetwork.At(compose.Source.Locate(pointer),
                    $"service '{service.Name}' joins the host's network stack ({how}), which the policy forbids; set spec.policy.allowHostNetwork: true in the Cluster if this is really intended");
            }
        }

        if (!policy.AllowHostNamespaces)
        {
            foreach (var field in Namespaces.Where(f => Namespace(host, f) == "host"))
            {
                yield return Rules.HostNamespace.At(at(field),
                    $"service '{service.Name}' shares the host's namespace ({field}: host), which the policy forbids; set spec.policy.allowHostNamespaces: true in the Cluster if this is really intended");
            }
        }

        if (!policy.AllowUnconfined)
        {
            foreach (var option in host.SecurityOpt.Where(IsUnconfined))
            {
                yield return Rules.Unconfined.At(at("security_opt"),
                    $"service '{service.Name}' turns off confinement ({option}), which the policy forbids; set spec.policy.allowUnconfined: true in the Cluster if this is really intended");
            }
        }

        if (!policy.AllowHostSysctls)
        {
            foreach (var name in host.Sysctls.Keys.Where(name => Sysctls.TouchesHost(name, hostNetworks.Count > 0)))
            {
                yield return Rules.HostSysctl.At(at("sysctls"),
                    $"service '{service.Name}' sets sysctl {name}, which is not namespaced and changes every container on the host; only net.* (off the host network), kernel.msg*/sem/shm* and fs.mqueue.* are per container; set spec.policy.allowHostSysctls: true in the Cluster if this is really intended");
            }
        }
    }

    /// <summary>Each way the service reaches the host network, with where it is written.</summary>
    private static IEnumerable<(string Pointer, string How)> HostNetworks(ComposeFile compose, ComposeService service)
    {
        if (service.Host.NetworkMode == ComposeNetwork.HostNetwork)
        {
            yield return (service.Pointer + "/network_mode", "network_mode: host");
        }

        foreach (var attachment in service.Networks)
        {
            if (compose.Networks.GetValueOrDefault(attachment.Key) is { IsHost: true } network)
            {
                yield return (attachment.Pointer, $"network '{attachment.Key}' is the engine's host network, declared at {compose.Source.File}:{compose.Source.Locate(network.Pointer).Line}");
            }
        }
    }

    private static string? Namespace(HostAccess host, string field) => field switch
    {
        "pid" => host.Pid,
        "ipc" => host.Ipc,
        "uts" => host.Uts,
        "userns_mode" => host.UsernsMode,
        _ => host.Cgroup,
    };

    /// <summary>seccomp or apparmor set to unconfined, SELinux labelling disabled, or /proc and /sys unmasked; "=" and ":" both separate.</summary>
    private static bool IsUnconfined(string option)
    {
        var separator = option.IndexOfAny(['=', ':']);
        if (separator < 0)
        {
            return false;
        }

        var (key, value) = (option[..separator].Trim(), option[(separator + 1)..].Trim());
        return (key, value) is ("seccomp" or "apparmor" or "systempaths", "unconfined") or ("label", "disable");
    }
}
