using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

public sealed class StructureRuleTests
{
    [Fact]
    public void Yaml_syntax_error_names_file_line_and_column()
    {
        var repo = new TestRepository().With("broken.yaml", "apiVersion: reconciler/v1\nkind: Path\nspec: {path: /srv/x\n");

        var d = Assert.Single(repo.Validate().Diagnostics, d => d.Code == Rules.YamlSyntax.Code);
        Assert.Equal("broken.yaml", d.Location.File);
        Assert.Equal(4, d.Location.Line);
    }

    [Fact]
    public void Unknown_field_points_at_the_key_and_suggests_the_right_one()
    {
        var repo = new TestRepository().Replace("data.yaml", "  writer: app/db", "  writter: app/db");

        var d = repo.Validate().One(Rules.UnknownField, repo.Locate("data.yaml", "writter"));
        Assert.Contains("Did you mean 'writer'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unquoted_mode_is_a_type_error_that_says_to_quote_it()
    {
        var repo = new TestRepository().Replace("paths.yaml", "mode: \"0755\"", "mode: 0755");

        var d = repo.Validate().Single(Rules.WrongType, repo.Locate("paths.yaml", "0755"));
        Assert.Contains("write it in quotes: \"0755\"", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_is_reported_on_its_parent()
    {
        var repo = new TestRepository().Replace("paths.yaml", "owner: 101, ", string.Empty);

        var d = repo.Validate().Single(Rules.MissingField, repo.Locate("paths.yaml", "spec"));
        Assert.Contains("'spec.owner' is required", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_outside_its_choices_lists_them()
    {
        var repo = new TestRepository().Replace("cluster.yaml", "role: worker", "role: leader");

        var d = repo.Validate().Single(Rules.InvalidChoice, repo.Locate("cluster.yaml", "leader"));
        Assert.Contains("manager, worker", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kind_suggests_the_nearest_kind()
    {
        var repo = new TestRepository().With("extra.yaml", TestRepository.Path.Replace("kind: Path", "kind: Pathh", StringComparison.Ordinal));

        var d = repo.Validate().Single(Rules.UnknownKind, repo.Locate("extra.yaml", "Pathh"));
        Assert.Contains("Did you mean 'Path'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_api_versions_of_ours_are_refused_and_foreign_yaml_is_ignored()
    {
        var repo = new TestRepository()
            .With("v2.yaml", "apiVersion: reconciler/v2\nkind: Path\n")
            .With("ci/other.yaml", "apiVersion: apps/v1\nkind: Deployment\n");

        repo.Validate().Single(Rules.UnsupportedApiVersion, repo.Locate("v2.yaml", "reconciler/v2"));
    }

    [Fact]
    public void Duplicate_names_of_one_kind_point_at_the_second_and_name_the_first()
    {
        var repo = new TestRepository().With("z-paths.yaml", TestRepository.Path);

        var d = repo.Validate().Single(Rules.DuplicateName, repo.Locate("z-paths.yaml", "web-config"));
        Assert.Contains(repo.Locate("paths.yaml", "web-config").ToString(), d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_name_in_different_kinds_is_fine()
    {
        var report = new TestRepository().Replace("paths.yaml", "name: web-config", "name: app").Validate();

        Assert.Empty(report.Diagnostics);
    }

    [Fact]
    public void A_repository_without_a_cluster_is_rejected()
    {
        Assert.Contains(new TestRepository().Without("cluster.yaml").Validate().Diagnostics, d => d.Code == Rules.ClusterCount.Code);
    }

    [Fact]
    public void Duplicate_yaml_keys_are_reported()
    {
        var repo = new TestRepository().Replace("data.yaml", "  owner: 999\n", "  owner: 999\n  owner: 998\n");

        repo.Validate().Single(Rules.DuplicateKey, repo.Locate("data.yaml", "owner", 2));
    }

    [Fact]
    public void Several_problems_in_several_files_are_all_reported_in_file_order()
    {
        var report = new TestRepository()
            .Replace("paths.yaml", "mode: \"0755\"", "mode: \"0999\"")
            .Replace("data.yaml", "node: atlas", "node: atlsa")
            .Replace("cluster.yaml", "role: worker", "role: boss")
            .Validate();

        Assert.Equal(["cluster.yaml", "data.yaml", "paths.yaml"], report.Diagnostics.Select(d => d.Location.File));
    }
}
