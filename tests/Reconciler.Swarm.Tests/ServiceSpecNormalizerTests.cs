using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Tests;

/// <summary>
/// Our conversion against specs a real Engine 20.10 stored for the same compose file
/// (fixtures/p1/engine, captured from docker stack deploy). Configs and secrets differ only by
/// the content-hash suffix reconciler adds to their names.
/// </summary>
public sealed class ServiceSpecNormalizerTests
{
    private static readonly string Fixture = SampleRepo.PathOf("tests", "Reconciler.Swarm.Tests", "fixtures", "p1");

    private static readonly Dictionary<string, string> NetworkNames =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "engine", "networks.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private static JsonObject Live(string service)
    {
        var spec = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "engine", service + ".json")))!;
        // Digest and platforms come from the registry, which conversion alone does not ask.
        var container = spec["TaskTemplate"]!["ContainerSpec"]!;
        container["Image"] = ServiceSpecNormalizer.WithoutDigest(container["Image"]!.GetValue<string>());
        spec["TaskTemplate"]!["Placement"]!.AsObject().Remove("Platforms");
        return spec;
    }

    [Theory]
    [InlineData("p1_web")]
    [InlineData("p1_agent")]
    [InlineData("p1_job")]
    public void Converted_specs_equal_what_the_engine_stored_for_stack_deploy(string service)
    {
        var (report, files) = SampleRepo.Load(Fixture);
        Assert.True(report.IsValid, string.Join("\n", report.Diagnostics));
        var objects = StackConverter.Convert(report.State.Stacks.Single(), report.State.Compose["p1"], files);
        var ours = objects.Services.Single(s => s.Name == service);

        var fields = ResourceDiff.Fields(
            ServiceSpecNormalizer.Normalize(Live(service), NetworkNames),
            ServiceSpecNormalizer.Normalize(SpecJson.ToTree(ours), NetworkNames));

        var unexpected = fields.Where(f => !f.Path.EndsWith("/Configs", StringComparison.Ordinal) && !f.Path.EndsWith("/Secrets", StringComparison.Ordinal));
        Assert.Empty(unexpected);
        Assert.All(fields, f => Assert.Equal(
            f.Before!.ToJsonString(),
            System.Text.RegularExpressions.Regex.Replace(f.After!.ToJsonString(), "-[0-9a-f]{10}\"", "\"")));
    }

    [Fact]
    public void A_hand_edit_of_the_live_spec_shows_as_a_difference()
    {
        var live = Live("p1_agent");
        ((JsonObject)live["TaskTemplate"]!["ContainerSpec"]!)["Env"] = new JsonArray("DEBUG=1");

        var fields = ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(Live("p1_agent"), NetworkNames), ServiceSpecNormalizer.Normalize(live, NetworkNames));

        Assert.Equal("/TaskTemplate/ContainerSpec/Env", Assert.Single(fields).Path);
    }

    [Fact]
    public void Engine_defaults_and_empty_values_compare_equal_to_absent_ones()
    {
        var sparse = new JsonObject { ["Name"] = "s", ["TaskTemplate"] = new JsonObject { ["ContainerSpec"] = new JsonObject { ["Image"] = "i" } } };
        var filled = JsonNode.Parse("""
            {"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"i","Privileges":{"CredentialSpec":null,"NoNewPrivileges":false},"StopGracePeriod":10000000000,"Isolation":"default","DNSConfig":{}},
             "Resources":{},"RestartPolicy":{"Condition":"any","Delay":5000000000,"MaxAttempts":0},"Placement":{},"ForceUpdate":0,"Runtime":"container"},
             "UpdateConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"EndpointSpec":{"Mode":"vip"}}
            """)!.AsObject();

        Assert.Empty(ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(sparse, NetworkNames), ServiceSpecNormalizer.Normalize(filled, NetworkNames)));
    }

    [Fact]
    public void Scaling_to_zero_is_not_mistaken_for_an_empty_value()
    {
        var one = JsonNode.Parse("""{"Mode":{"Replicated":{"Replicas":1}}}""")!.AsObject();
        var zero = JsonNode.Parse("""{"Mode":{"Replicated":{"Replicas":0}}}""")!.AsObject();

        Assert.Single(ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(one, NetworkNames), ServiceSpecNormalizer.Normalize(zero, NetworkNames)));
    }

    [Fact]
    public void An_update_or_rollback_config_without_an_order_equals_the_stop_first_the_engine_stores()
    {
        // The client model sends an unset order as "" and the engine stores "stop-first" for it.
        var sent = JsonNode.Parse("""{"UpdateConfig":{"Parallelism":1,"Order":""},"RollbackConfig":{"Parallelism":1,"Order":""}}""")!.AsObject();
        var stored = JsonNode.Parse("""{"UpdateConfig":{"Parallelism":1,"FailureAction":"pause","Order":"stop-first"},"RollbackConfig":{"Parallelism":1,"FailureAction":"pause","Order":"stop-first"}}""")!.AsObject();

        Assert.Empty(ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(sent, NetworkNames), ServiceSpecNormalizer.Normalize(stored, NetworkNames)));
    }

    [Fact]
    public void Placement_platforms_are_compared()
    {
        var amd64 = JsonNode.Parse("""{"TaskTemplate":{"Placement":{"Platforms":[{"Architecture":"amd64","OS":"linux"}]}}}""")!.AsObject();
        var none = JsonNode.Parse("""{"TaskTemplate":{}}""")!.AsObject();

        Assert.Equal("/TaskTemplate/Placement", Assert.Single(ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(amd64, NetworkNames), ServiceSpecNormalizer.Normalize(none, NetworkNames))).Path);
    }

    [Fact]
    public void A_forced_restart_is_not_drift()
    {
        // `docker service update --force` and `reconciler rebalance` raise the counter; the repository never sets it.
        var forced = Live("p1_agent");
        forced["TaskTemplate"]!["ForceUpdate"] = 3;

        Assert.Empty(ResourceDiff.Fields(ServiceSpecNormalizer.Normalize(Live("p1_agent"), NetworkNames), ServiceSpecNormalizer.Normalize(forced, NetworkNames)));
    }
}
