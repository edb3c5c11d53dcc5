using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

public sealed class PolicyRuleTests
{
    [Fact]
    public void Bind_outside_the_roots_is_rejected()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/etc/nginx:/etc/nginx/conf.d:ro");

        repo.Validate().Single(Rules.BindOutsideRoots, repo.Locate("app/compose.yaml", "/etc/nginx:"));
    }

    [Fact]
    public void Bind_not_declared_by_a_path_or_dataset_is_rejected()
    {
        var repo = new TestRepository().Without("paths.yaml");

        repo.Validate().Single(Rules.BindUndeclared, repo.Locate("app/compose.yaml", "/srv/config/web"));
    }

    [Fact]
    public void A_bind_source_with_a_trailing_slash_is_the_directory_without_it()
    {
        // docker stack deploy accepts /srv/config/web/; policy must judge the same directory.
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc", "/srv/config/web/:/etc");
        Assert.Empty(repo.Validate().Diagnostics);
        Assert.Equal("/srv/config/web", repo.Validate().State.Compose["app"].Services.Single(s => s.Name == "web").Mounts.Single().HostPath);

        repo.Replace("app/compose.yaml", "/srv/config/web/:/etc", "/etc/nginx/:/etc");
        repo.Validate().Single(Rules.BindOutsideRoots, repo.Locate("app/compose.yaml", "/etc/nginx/:"));
    }

    [Fact]
    public void A_path_manifest_with_a_trailing_slash_stays_refused()
    {
        var repo = new TestRepository().Replace("paths.yaml", "path: /srv/config/web,", "path: /srv/config/web/,");

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == Rules.PathForm.Code);
    }

    [Fact]
    public void Relative_bind_sources_are_rejected()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc", "./web:/etc");

        repo.Validate().Single(Rules.PathForm, repo.Locate("app/compose.yaml", "./web"));
    }

    [Fact]
    public void Docker_socket_needs_the_policy()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/var/run/docker.sock:/var/run/docker.sock");

        repo.Validate().Single(Rules.DockerSocket, repo.Locate("app/compose.yaml", "/var/run/docker.sock"));
        repo.Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    allowDockerSocket: true");
        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Theory]
    [InlineData("privileged: true", "RC403")]
    [InlineData("cap_add: [NET_ADMIN]", "RC404")]
    [InlineData("devices: [/dev/ttyUSB0]", "RC405")]
    public void Host_privileges_need_the_policy(string field, string code)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "    image: nginx:1.27", $"    image: nginx:1.27\n    {field}");

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == code);
        repo.Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    allowPrivileged: true");
        Assert.DoesNotContain(repo.Validate().Diagnostics, d => d.Code == code);
    }

    [Fact]
    public void A_path_must_exist_on_every_node_the_service_can_run_on()
    {
        var repo = new TestRepository().Replace("paths.yaml", "mode: \"0755\"}", "mode: \"0755\", nodes: [atlas]}");

        var d = repo.Validate().Single(Rules.PathNotOnNode, repo.Locate("app/compose.yaml", "/srv/config/web"));
        Assert.Contains("hermes", d.Message, StringComparison.Ordinal);

        repo.Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/srv/config/web:/etc/nginx/conf.d:ro\n    deploy:\n      placement:\n        constraints: [node.role == manager]");
        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Fact]
    public void A_reader_of_a_dataset_must_be_pinned_to_its_node()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/srv/data/db:/srv:ro");

        repo.Validate().Single(Rules.DatasetOffNode, repo.Locate("app/compose.yaml", "/srv/data/db:/srv:ro"));
    }

    [Fact]
    public void Swarm_ignored_fields_are_warnings()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "    image: nginx:1.27", "    image: nginx:1.27\n    depends_on: [db]\n    build: .");

        var report = repo.Validate();
        Assert.True(report.IsValid);
        Assert.Equal(2, report.Diagnostics.Count(d => d.Code == Rules.SwarmIgnores.Code && d.Severity == Severity.Warning));
        report.One(Rules.SwarmIgnores, repo.Locate("app/compose.yaml", "depends_on"));
    }
}
