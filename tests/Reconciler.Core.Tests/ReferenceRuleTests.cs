using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

public sealed class ReferenceRuleTests
{
    private const string Replication = """
        apiVersion: reconciler/v1
        kind: Replication
        metadata: {name: db-to-hermes}
        spec:
          source: tank/apps/db
          target: {node: hermes, dataset: backup/db}
          every: 15m
          maxLag: 30m
        """;

    [Fact]
    public void A_valid_replication_is_accepted() =>
        Assert.Empty(new TestRepository().With("repl.yaml", Replication).Validate().Diagnostics);

    [Fact]
    public void Compose_file_must_exist()
    {
        var repo = new TestRepository().Without("app/compose.yaml");

        var d = repo.Validate().One(Rules.ComposeMissing, repo.Locate("app/stack.yaml", "compose.yaml"));
        Assert.Contains("'app/compose.yaml' does not exist", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_file_must_have_services()
    {
        var repo = new TestRepository().With("app/compose.yaml", "version: '3.8'\n");

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == Rules.ComposeInvalid.Code && d.Location.File == "app/compose.yaml");
    }

    [Fact]
    public void Nodes_named_anywhere_must_be_declared()
    {
        var repo = new TestRepository().Replace("paths.yaml", "mode: \"0755\"}", "mode: \"0755\", nodes: [atlas, hermez]}");

        var d = repo.Validate().One(Rules.UnknownNode, repo.Locate("paths.yaml", "hermez"));
        Assert.Contains("Did you mean 'hermes'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_must_name_an_existing_service()
    {
        var repo = new TestRepository().Replace("data.yaml", "writer: app/db", "writer: app/postgres");

        var d = repo.Validate().One(Rules.UnknownWriter, repo.Locate("data.yaml", "app/postgres"));
        Assert.Contains("does not have", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_must_name_an_existing_stack()
    {
        var repo = new TestRepository().Replace("data.yaml", "writer: app/db", "writer: ap/db");

        Assert.Contains("Did you mean 'app'?", repo.Validate().One(Rules.UnknownWriter, repo.Locate("data.yaml", "ap/db")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replication_source_must_be_a_declared_dataset()
    {
        var repo = new TestRepository().With("repl.yaml", Replication.Replace("source: tank/apps/db", "source: tank/apps/dbx", StringComparison.Ordinal));

        repo.Validate().Single(Rules.UnknownDataset, repo.Locate("repl.yaml", "tank/apps/dbx"));
    }

    [Fact]
    public void Replication_target_must_be_another_node()
    {
        var repo = new TestRepository().With("repl.yaml", Replication.Replace("node: hermes", "node: atlas", StringComparison.Ordinal));

        repo.Validate().Single(Rules.ReplicationSameNode, repo.Locate("repl.yaml", "atlas"));
    }

    [Fact]
    public void Max_lag_must_be_at_least_every()
    {
        var repo = new TestRepository().With("repl.yaml", Replication.Replace("maxLag: 30m", "maxLag: 10m", StringComparison.Ordinal));

        repo.Validate().Single(Rules.MaxLagBelowEvery, repo.Locate("repl.yaml", "10m"));
    }

    [Fact]
    public void A_cluster_needs_a_manager()
    {
        var repo = new TestRepository().Replace("cluster.yaml", "role: manager", "role: worker");

        repo.Validate().One(Rules.NoManager, repo.Locate("cluster.yaml", "- name: atlas"));
    }

    [Fact]
    public void Dataset_mountpoints_must_not_nest_on_one_node()
    {
        var second = TestRepository.Dataset
            .Replace("tank/apps/db", "tank/apps/db2", StringComparison.Ordinal)
            .Replace("/srv/data/db", "/srv/data/db/inner", StringComparison.Ordinal)
            .Replace("  writer: app/db\n", string.Empty, StringComparison.Ordinal);
        var repo = new TestRepository().With("data2.yaml", second);

        repo.Validate().Single(Rules.MountpointClash, repo.Locate("data2.yaml", "/srv/data/db/inner"));
    }

    [Fact]
    public void Unset_compose_variables_are_warnings_and_stack_variables_fill_them()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "image: nginx:1.27", "image: nginx:${NGINX_VERSION}");

        var warning = repo.Validate().Single(Rules.UnsetVariable, repo.Locate("app/compose.yaml", "nginx:${"));
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.True(repo.Validate().IsValid);

        repo.Replace("app/stack.yaml", "spec: {compose: compose.yaml}", "spec: {compose: compose.yaml, variables: {NGINX_VERSION: \"1.27\"}}");
        Assert.Empty(repo.Validate().Diagnostics);
    }
}
