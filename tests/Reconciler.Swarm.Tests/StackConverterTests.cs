using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Tests;

public sealed class StackConverterTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static StackObjects ConvertSample(string stack)
    {
        var (report, files) = SampleRepo.Load(SampleRepo.PathOf("sample-repo"));
        Assert.True(report.IsValid);
        var manifest = report.State.Stacks.Single(s => s.Name == stack);
        return StackConverter.Convert(manifest, report.State.Compose[stack], files);
    }

    private static string Render(StackObjects objects) => new JsonObject
    {
        ["services"] = new JsonArray(objects.Services.Select(s => (JsonNode)SpecJson.ToTree(s)).ToArray()),
        ["networks"] = new JsonArray(objects.Networks.Select(n => (JsonNode)SpecJson.ToTree(n)).ToArray()),
        ["configs"] = new JsonArray(objects.Configs.Select(c => (JsonNode)new JsonObject { ["Name"] = c.Name, ["Labels"] = SpecJson.ToTree(c)["Labels"]?.DeepClone() }).ToArray()),
        ["secrets"] = new JsonArray(objects.Secrets.Select(c => (JsonNode)new JsonObject { ["Name"] = c.Name, ["Labels"] = SpecJson.ToTree(c)["Labels"]?.DeepClone() }).ToArray()),
    }.ToJsonString(Indented) + "\n";

    [Theory]
    [InlineData("vaultwarden")]
    [InlineData("whoami")]
    public void Sample_stacks_convert_to_the_specs_stack_deploy_would_send(string stack)
    {
        var objects = ConvertSample(stack);

        Assert.Empty(objects.Errors);
        Golden.Matches($"{stack}.json", Render(objects));
    }

    [Fact]
    public void Every_object_carries_the_stack_namespace_label()
    {
        var objects = ConvertSample("vaultwarden");

        Assert.All(objects.Services, s => Assert.Equal("vaultwarden", s.Labels[StackNames.NamespaceLabel]));
        Assert.All(objects.Services, s => Assert.Equal("vaultwarden", s.TaskTemplate!.ContainerSpec!.Labels![StackNames.NamespaceLabel]));
        Assert.All(objects.Networks, n => Assert.Equal("vaultwarden", n.Labels[StackNames.NamespaceLabel]));
        Assert.All(objects.Configs, c => Assert.Equal("vaultwarden", c.Labels[StackNames.NamespaceLabel]));
    }

    [Fact]
    public void Config_and_secret_names_change_with_their_content()
    {
        var objects = ConvertSample("vaultwarden");

        var secret = Assert.Single(objects.Secrets);
        Assert.Equal("demo-only-admin-token-decrypted-by-reconciler"u8.ToArray(), secret.Data); // sample-repo's file is SOPS-encrypted
        Assert.Equal("vaultwarden_admin_token-" + StackReferences.Hash(secret.Data!), secret.Name);
        Assert.Equal(secret.Name, Assert.Single(objects.Services[0].TaskTemplate!.ContainerSpec!.Secrets!).SecretName);
    }
}
