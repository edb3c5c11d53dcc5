using Reconciler.Core.Resources;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Tests;

public sealed class ExplicitNamesTests
{
    private const string Compose = "services:\n  web:\n    image: nginx:1.27\n    configs: [site]\n    secrets: [token]\n" +
        "configs:\n  site: {file: ./site.conf, name: shared-site}\nsecrets:\n  token: {file: ./token}\n";

    private static StackObjects Convert(string content) =>
        ComposeParityConversionTests.Convert(Compose, "{}", ("app/site.conf", content), ("app/token", "secret\n")).Objects;

    private static List<Resource> Resources(StackObjects objects) =>
        objects.Configs.Select(c => SwarmResource.Config(c.Name!, c.Labels, ResourceOwner.OfStack("app", prune: false), c)).ToList();

    [Fact]
    public void An_explicit_name_is_kept_exact_and_records_its_content()
    {
        var objects = Convert("listen 80;\n");

        var config = Assert.Single(objects.Configs);
        Assert.Equal("shared-site", config.Name);
        Assert.Equal("shared-site", Assert.Single(objects.Services[0].TaskTemplate!.ContainerSpec!.Configs!).ConfigName);
        Assert.Equal(StackReferences.Hash(config.Data!), config.Labels[StackNames.ContentLabel]);
        Assert.DoesNotContain(StackNames.ContentLabel, Assert.Single(objects.Secrets).Labels.Keys); // its name carries the hash
    }

    [Fact]
    public void A_content_change_under_an_explicit_name_is_refused_with_how_to_rename()
    {
        var before = Assert.Single(Convert("listen 80;\n").Configs);
        var live = new Dictionary<ResourceKey, string> { [new ResourceKey(SwarmKinds.Config, "shared-site")] = before.Labels[StackNames.ContentLabel] };

        Assert.Empty(ExplicitNames.ContentChanges(Resources(Convert("listen 80;\n")), live));
        var error = Assert.Single(ExplicitNames.ContentChanges(Resources(Convert("listen 8080;\n")), live));
        Assert.Contains("config 'shared-site' has an explicit name and its content changed", error, StringComparison.Ordinal);
        Assert.Contains("'shared-site-v2'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_not_yet_created_or_without_a_recorded_content_is_not_refused()
    {
        var desired = Resources(Convert("listen 8080;\n"));

        Assert.Empty(ExplicitNames.ContentChanges(desired, new Dictionary<ResourceKey, string>()));
    }
}
