using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Tests;

/// <summary>Compose forms docker stack deploy accepts that the converter must send the same way.</summary>
public sealed class ComposeParityConversionTests
{
    private const string Cluster = "apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {name: lab}\nspec:\n  nodes: [{name: atlas, role: manager}]\n  policy: {bindRoots: [/srv]}\n";

    internal static (StackObjects Objects, ValidationReport Report) Convert(string compose, string variables = "{}", params (string Path, string Text)[] extra)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cluster.yaml"] = Cluster,
            ["app/stack.yaml"] = $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: app}}\nspec: {{compose: compose.yaml, variables: {variables}}}\n",
            ["app/compose.yaml"] = compose,
        };
        foreach (var (path, text) in extra)
        {
            files[path] = text;
        }

        var repository = new InMemoryRepositoryFiles(files);
        var report = Validator.Validate(repository);
        return (StackConverter.Convert(report.State.Stacks.Single(), report.State.Compose["app"], repository), report);
    }

    [Theory]
    [InlineData("environment: [TZ, POSTGRES_USER, SET=1]")]
    [InlineData("environment: {TZ: , POSTGRES_USER: , SET: \"1\"}")]
    public void Pass_through_names_take_the_stacks_variables_or_are_sent_bare(string environment)
    {
        var (objects, report) = Convert($"services:\n  db:\n    image: postgres:17\n    {environment}\n", "{TZ: Europe/Berlin}");

        Assert.Equal(["POSTGRES_USER", "SET=1", "TZ=Europe/Berlin"], Assert.Single(objects.Services).TaskTemplate!.ContainerSpec!.Env!);
        var warning = Assert.Single(report.Diagnostics);
        Assert.Equal(Rules.PassThroughUnset.Code, warning.Code);
        Assert.Contains("'POSTGRES_USER'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_name_overrides_an_env_file_value_even_without_a_value()
    {
        var (objects, _) = Convert("services:\n  db:\n    image: postgres:17\n    env_file: [db.env]\n    environment: [MODE]\n", "{}", ("app/db.env", "MODE=file\nOTHER=1\n"));

        Assert.Equal(["MODE", "OTHER=1"], Assert.Single(objects.Services).TaskTemplate!.ContainerSpec!.Env!);
    }

    [Fact]
    public void A_template_driver_is_sent_and_is_part_of_the_content_hash()
    {
        var (objects, report) = Convert(
            "services:\n  web:\n    image: nginx:1.27\n    configs: [plain, rendered]\n    secrets: [token]\n" +
            "configs:\n  plain: {file: ./web.conf}\n  rendered: {file: ./web.conf, template_driver: golang}\n" +
            "secrets:\n  token: {file: ./token, template_driver: golang}\n",
            "{}",
            ("app/web.conf", "listen 80;\n"),
            ("app/token", "secret\n"));

        Assert.Empty(report.Diagnostics);
        var plain = objects.Configs.Single(c => c.Name!.StartsWith("app_plain-", StringComparison.Ordinal));
        var rendered = objects.Configs.Single(c => c.Name!.StartsWith("app_rendered-", StringComparison.Ordinal));
        Assert.Null(plain.Templating);
        Assert.Equal("golang", rendered.Templating!.Name);
        Assert.NotEqual(plain.Name![^StackReferences.HashLength..], rendered.Name![^StackReferences.HashLength..]);
        Assert.Equal("golang", Assert.Single(objects.Secrets).Templating!.Name);
    }

    [Fact]
    public void A_bind_source_with_a_trailing_slash_is_sent_as_written()
    {
        var (objects, report) = Convert(
            "services:\n  web:\n    image: nginx:1.27\n    volumes: [/srv/web/:/usr/share/nginx/html:ro]\n",
            "{}",
            ("paths.yaml", "apiVersion: reconciler/v1\nkind: Path\nmetadata: {name: web}\nspec: {path: /srv/web, owner: 0, group: 0, mode: \"0755\"}\n"));

        Assert.Empty(report.Diagnostics);
        Assert.Equal("/srv/web/", Assert.Single(Assert.Single(objects.Services).TaskTemplate!.ContainerSpec!.Mounts!).Source);
    }
}
