using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Planning;
using Reconciler.Core.Planning.Rendering;
using Reconciler.Core.Resources;

namespace Reconciler.Core.Tests;

public sealed class PlanTests
{
    private static readonly ResourceOwner Vault = ResourceOwner.OfStack("vaultwarden", prune: true);
    private static readonly ResourceOwner Old = ResourceOwner.OfStack("legacy", prune: false);
    private static readonly ResourceOwner Cluster = new(OwnerKind.Cluster, "homelab", Prune: false);

    /// <summary>The Swarm provider's kinds, as it declares them (the core itself names none).</summary>
    private static readonly string[] SwarmOrder = ["node-label", "network", "config", "secret", "service"];

    private static Resource R(string kind, string name, ResourceOwner owner, string json, bool sensitive = false, string? node = null) =>
        new(new ResourceKey(kind, name, node), (JsonObject)JsonNode.Parse(json)!, owner) { Sensitive = sensitive };

    /// <summary>A plan that touches every kind of step, used by the ordering and rendering tests.</summary>
    private static Plan Sample()
    {
        Resource[] desired =
        [
            R("service", "vaultwarden_server", Vault, """{"image":"vaultwarden/server:1.32.7","env":["A=1"]}"""),
            R("secret", "vaultwarden_admin_token-5f2a", Vault, """{"sha256":"new"}""", sensitive: true),
            R("network", "vaultwarden_default", Vault, """{"driver":"overlay"}"""),
            R("node-label", "storage", Cluster, """{"value":"primary"}""", node: "atlas"),
            R("config", "vaultwarden_app_config-1a", Vault, """{"sha256":"c1"}"""),
        ];
        Resource[] observed =
        [
            R("service", "vaultwarden_server", Vault, """{"image":"vaultwarden/server:1.32.6","env":["A=1"]}"""),
            R("secret", "vaultwarden_admin_token-5f2a", Vault, """{"sha256":"old"}""", sensitive: true),
            R("network", "vaultwarden_default", Vault, """{"driver":"overlay"}"""),
            R("config", "vaultwarden_app_config-0f", Vault, """{"sha256":"c0"}"""),
            R("service", "legacy_web", Old, """{"image":"nginx"}"""),
        ];
        return Planner.Create(ResourceDiff.Compute(desired, observed), SwarmOrder);
    }

    [Fact]
    public void Steps_run_labels_then_networks_configs_secrets_services_then_deletions()
    {
        var plan = Sample();

        Assert.Equal(
            ["+ node-label storage on atlas", "+ config vaultwarden_app_config-1a", "~ secret vaultwarden_admin_token-5f2a", "~ service vaultwarden_server", "- config vaultwarden_app_config-0f"],
            plan.Steps.Select(s => $"{(s.Action == ChangeAction.Create ? '+' : s.Action == ChangeAction.Update ? '~' : '-')} {s.Key}"));
        Assert.Equal("service legacy_web", Assert.Single(plan.Orphans).Key.ToString());
        Assert.Equal(1, plan.Unchanged);
    }

    [Theory]
    [InlineData(PlanFormat.Text, "plan.txt")]
    [InlineData(PlanFormat.Markdown, "plan.md")]
    [InlineData(PlanFormat.Json, "plan.json")]
    public void Renders_match_the_golden_files(PlanFormat format, string golden) =>
        Golden.Matches(golden, PlanRenderer.Render(Sample(), format));

    [Theory]
    [InlineData(PlanFormat.Text)]
    [InlineData(PlanFormat.Markdown)]
    [InlineData(PlanFormat.Json)]
    public void Sensitive_values_never_appear(PlanFormat format)
    {
        var text = PlanRenderer.Render(Sample(), format);

        Assert.DoesNotContain("\"old\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"new\"", text, StringComparison.Ordinal);
        Assert.Contains("(sensitive)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_plan_says_so_reassuringly()
    {
        var plan = Planner.Create(ResourceDiff.Compute([R("network", "a_default", Vault, "{}")], [R("network", "a_default", Vault, "{}")]), SwarmOrder);

        Assert.False(plan.HasChanges);
        Assert.Equal("No changes. The cluster matches the repository (1 resources).\n", PlanRenderer.Render(plan, PlanFormat.Text));
    }
}
