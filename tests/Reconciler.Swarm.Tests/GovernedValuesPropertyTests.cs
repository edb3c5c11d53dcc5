using CsCheck;
using Docker.DotNet.Models;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Tests;

/// <summary>
/// The validator and the converter read one compose model, so whatever the converter sends to
/// Swarm was seen by the rule that governs it: generated services write replicas, capabilities,
/// mounts, networks and sysctls in every form compose accepts, and each governed value in the
/// resulting ServiceSpec must have been reported by its rule, or be allowed by the policy.
/// </summary>
public sealed class GovernedValuesPropertyTests
{
    private const string Writer = "app/svc";

    private static readonly Gen<string> Replicas = Gen.OneOf<string>(
        "", "replicas: 1", "replicas: 2", "replicas: \"1\"", "replicas: \"3\"", "replicas: ${R}", "mode: global");

    private static readonly Gen<string> CapAdd = Gen.OneOf<string>("", "cap_add: NET_ADMIN", "cap_add: [SYS_ADMIN, sys_time]", "cap_add: []");

    private static readonly Gen<string> Mount = Gen.OneOf<string>(
        "/srv/data/db:/data",
        "/etc:/host-etc:ro",
        "/srv/other:/other",
        "{type: bind, source: /var/lib, target: /lib2}",
        "{type: bind, source: /srv/data/db, target: /db, read_only: \"true\"}",
        "bound:/bound",
        "rootfs:/rootfs",
        "plain:/plain",
        "/anonymous");

    private static readonly Gen<string> Networks = Gen.OneOf<string>("", "networks: [front]", "networks: [hostnet]", "networks: {hostnet: {}, front: {aliases: [a]}}", "networks: hostnet");

    private static readonly Gen<string> SysctlsGen = Gen.OneOf<string>(
        "", "sysctls: {net.core.somaxconn: 1024}", "sysctls: {vm.swappiness: 1}", "sysctls: [kernel.shmmax=1, kernel.panic=1]", "sysctls: [fs.mqueue.msg_max=20]");

    private static readonly Gen<string> NetworkMode = Gen.OneOf<string>("", "network_mode: host");

    private static readonly Gen<(bool Privileged, bool HostNetwork, bool Sysctls)> Policy =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool);

    [Fact]
    public void Every_governed_value_the_converter_sends_was_seen_by_its_rule()
    {
        var service = Gen.Select(Replicas, CapAdd, Mount.Array[0, 3], Networks, SysctlsGen, NetworkMode, Gen.Int[0, 3]);
        Gen.Select(service, Policy).Sample((s, policy) =>
        {
            var (replicas, capAdd, mounts, networks, sysctls, networkMode, variable) = s;
            var compose = Compose(replicas, capAdd, mounts, networks, sysctls, networkMode);
            var files = Repository(compose, variable, policy);
            var report = Validator.Validate(files);
            Assert.DoesNotContain(report.Diagnostics, d => d.Code == Rules.ComposeInvalid.Code); // every generated form is one compose accepts

            var objects = StackConverter.Convert(report.State.Stacks.Single(), report.State.Compose["app"], files);
            var spec = Assert.Single(objects.Services);
            AssertGoverned(spec, report.Diagnostics, policy);
        }, iter: 400);
    }

    private static void AssertGoverned(ServiceSpec spec, IReadOnlyList<Diagnostic> diagnostics, (bool Privileged, bool HostNetwork, bool Sysctls) policy)
    {
        bool Reported(Rule rule, string? mentioning = null) =>
            diagnostics.Any(d => d.Code == rule.Code && (mentioning is null || d.Message.Contains(mentioning, StringComparison.OrdinalIgnoreCase)));

        var container = spec.TaskTemplate!.ContainerSpec!;
        foreach (var capability in container.CapabilityAdd ?? [])
        {
            Assert.True(policy.Privileged || Reported(Rules.CapAdd, capability.Replace("CAP_", string.Empty, StringComparison.Ordinal)), $"cap {capability} passed unseen");
        }

        var tasks = spec.Mode!.Replicated?.Replicas ?? (spec.Mode.Global is null ? 1UL : ulong.MaxValue);
        Assert.True(tasks <= 1 || Reported(Rules.WriterReplicas), $"writer deployed with {tasks} tasks unseen");

        foreach (var mount in container.Mounts ?? [])
        {
            var host = mount.Type == "bind" ? mount.Source : BindDevice(mount);
            if (host is null)
            {
                continue;
            }

            var governed = !HostPath.IsUnder(host, "/srv")
                ? Reported(Rules.BindOutsideRoots, host) || Reported(Rules.PathForm, host)
                : HostPath.IsUnder(host, "/srv/data/db") || Reported(Rules.BindUndeclared, host);
            Assert.True(governed, $"bind of {host} passed unseen");
        }

        var onHost = (spec.TaskTemplate.Networks ?? []).Any(n => n.Target == "host");
        Assert.True(!onHost || policy.HostNetwork || Reported(Rules.HostNetwork), "host network passed unseen");

        foreach (var name in container.Sysctls?.Keys ?? [])
        {
            var touchesHost = !name.StartsWith("net.", StringComparison.Ordinal) && !name.StartsWith("fs.mqueue.", StringComparison.Ordinal) && name != "kernel.shmmax";
            Assert.True(!touchesHost || policy.Sysctls || Reported(Rules.HostSysctl, name), $"sysctl {name} passed unseen");
        }
    }

    /// <summary>The host directory a local-driver volume binds, read from what the converter sends.</summary>
    private static string? BindDevice(Mount mount) =>
        mount.VolumeOptions?.DriverConfig?.Options is { } options
        && options.TryGetValue("o", out var o) && o.Split(',').Contains("bind")
        && options.TryGetValue("device", out var device)
            ? device
            : null;

    private static string Compose(string replicas, string capAdd, string[] mounts, string networks, string sysctls, string networkMode) => $$$"""
        services:
          svc:
            image: alpine:3.20
            {{{capAdd}}}
            {{{networks}}}
            {{{sysctls}}}
            {{{networkMode}}}
            volumes: [{{{string.Join(", ", mounts)}}}]
            deploy:
              {{{replicas}}}
              placement: {constraints: [node.hostname == atlas]}
        networks:
          front: {}
          hostnet: {external: true, name: host}
        volumes:
          bound: {driver_opts: {type: none, o: bind, device: /srv/data/db}}
          rootfs: {driver: local, driver_opts: {type: none, o: bind, device: /etc}}
          plain: {}
        """;

    private static InMemoryRepositoryFiles Repository(string compose, int variable, (bool Privileged, bool HostNetwork, bool Sysctls) policy) => new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cluster.yaml"] = $$"""
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes: [{name: atlas, role: manager}]
              policy: {bindRoots: [/srv], allowPrivileged: {{Flag(policy.Privileged)}}, allowHostNetwork: {{Flag(policy.HostNetwork)}}, allowHostSysctls: {{Flag(policy.Sysctls)}}}
            """,
        ["data.yaml"] = $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: tank/apps/db}
            spec: {node: atlas, mountpoint: /srv/data/db, owner: 999, group: 999, mode: "0700", writer: {{Writer}}}
            """,
        ["app/stack.yaml"] = $$"""
            apiVersion: reconciler/v1
            kind: Stack
            metadata: {name: app}
            spec: {compose: compose.yaml, variables: {R: "{{variable}}"} }
            """,
        ["app/compose.yaml"] = compose,
    });

    private static string Flag(bool value) => value ? "true" : "false";
}
