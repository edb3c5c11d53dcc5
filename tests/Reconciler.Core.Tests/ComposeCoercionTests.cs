using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

/// <summary>
/// Compose coerces text to numbers and booleans and a single string to a list; the rules must
/// see a value in every form the deployer accepts, and a value compose rejects is an error.
/// </summary>
public sealed class ComposeCoercionTests
{
    [Theory]
    [InlineData("replicas: \"2\"")]
    [InlineData("replicas: ${WRITERS}")]
    public void Writer_replicas_written_as_text_are_counted(string replicas)
    {
        var repo = new TestRepository()
            .Replace("app/compose.yaml", "replicas: 1", replicas)
            .Replace("app/stack.yaml", "spec: {compose: compose.yaml}", "spec: {compose: compose.yaml, variables: {WRITERS: \"2\"}}");

        var d = repo.Validate().Single(Rules.WriterReplicas, repo.Locate("app/compose.yaml", replicas));
        Assert.Contains("2 replicas", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicas: \"two\"")]
    [InlineData("replicas: -1")]
    public void Replicas_compose_would_reject_are_an_error_not_a_default(string replicas)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "replicas: 1", replicas);

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == Rules.ComposeInvalid.Code && d.Location == repo.Locate("app/compose.yaml", replicas[10..]));
    }

    [Theory]
    [InlineData("cap_add: SYS_ADMIN")]
    [InlineData("cap_add: [SYS_ADMIN]")]
    public void Capabilities_as_a_string_or_a_list_need_the_policy(string capAdd)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "    image: nginx:1.27", $"    image: nginx:1.27\n    {capAdd}");

        var d = repo.Validate().Single(Rules.CapAdd, repo.Locate("app/compose.yaml", capAdd[9..]));
        Assert.Contains("SYS_ADMIN", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Privileged_written_as_text_needs_the_policy()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "    image: nginx:1.27", "    image: nginx:1.27\n    privileged: \"true\"");

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == Rules.Privileged.Code);
    }

    [Theory]
    [InlineData("/", "RC203")]
    [InlineData("/etc", "RC400")]
    public void A_named_volume_the_local_driver_binds_is_a_bind_of_its_device(string device, string code)
    {
        var repo = WithVolume("root:/host", $"root:\n    driver_opts: {{type: none, o: bind, device: {device}}}");

        var d = Assert.Single(repo.Validate().Diagnostics);
        Assert.Equal((code, repo.Locate("app/compose.yaml", "root:/host")), (d.Code, d.Location));
        Assert.Contains($"'{device}'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_volume_bind_of_a_dataset_follows_the_single_writer_rule()
    {
        var repo = WithVolume("db:/copy", "db:\n    driver: local\n    driver_opts: {o: \"rbind,rw\", device: /srv/data/db}");

        repo.Validate().One(Rules.ForeignWriter, repo.Locate("app/compose.yaml", "db:/copy"));
    }

    /// <summary>The web service mounts a named volume instead of its config bind, with this top-level definition.</summary>
    private static TestRepository WithVolume(string mount, string definition) =>
        new TestRepository().With("app/compose.yaml", TestRepository.Compose.Replace("/srv/config/web:/etc/nginx/conf.d:ro", mount, StringComparison.Ordinal)
            + "\nvolumes:\n  " + definition + "\n");
}
