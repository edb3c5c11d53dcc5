using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

public sealed class FormatRuleTests
{
    [Theory]
    [InlineData("name: app}", "name: my_app!}")]
    [InlineData("name: app}", "name: a.b}")]
    public void Invalid_stack_names_are_rejected(string from, string to)
    {
        var repo = new TestRepository().Replace("app/stack.yaml", from, to);

        repo.Validate().One(Rules.StackName, repo.Locate("app/stack.yaml", to[6..^1]));
    }

    [Fact]
    public void Invalid_service_names_are_rejected_in_the_compose_file()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "  web:", "  -web:");

        repo.Validate().Single(Rules.ServiceName, repo.Locate("app/compose.yaml", "-web"));
    }

    [Theory]
    [InlineData("tank/apps/db", "tank//db")]
    [InlineData("tank/apps/db", "1tank/db")]
    [InlineData("tank/apps/db", "tank/db@snap")]
    public void Invalid_dataset_names_are_rejected(string from, string to)
    {
        var repo = new TestRepository().Replace("data.yaml", from, to);

        repo.Validate().One(Rules.DatasetName, repo.Locate("data.yaml", to));
    }

    [Theory]
    [InlineData("/srv/config/../web", "'.' or '..'")]
    [InlineData("/srv//config/web", "'//'")]
    [InlineData("srv/config/web", "not absolute")]
    [InlineData("/srv/config/web/", "ends with '/'")]
    public void Paths_must_be_absolute_and_normalised(string path, string reason)
    {
        var report = new TestRepository().Replace("paths.yaml", "path: /srv/config/web,", $"path: {path},").Validate();

        Assert.Contains(report.Diagnostics, d => d.Code == Rules.PathForm.Code && d.Location.File == "paths.yaml" && d.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"0799\"")]
    [InlineData("\"rwxr-x---\"")]
    [InlineData("\"75\"")]
    public void Modes_must_be_octal_strings(string mode)
    {
        var repo = new TestRepository().Replace("paths.yaml", "mode: \"0755\"", $"mode: {mode}");

        repo.Validate().Single(Rules.FileMode, repo.Locate("paths.yaml", mode));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2147483648")]
    public void Ids_must_be_in_range(string uid)
    {
        var repo = new TestRepository().Replace("paths.yaml", "owner: 101", $"owner: {uid}");

        repo.Validate().Single(Rules.IdRange, repo.Locate("paths.yaml", uid));
    }

    [Theory]
    [InlineData("15min")]
    [InlineData("m15")]
    [InlineData("0m")]
    public void Durations_must_parse(string every)
    {
        var repo = new TestRepository().Replace("data.yaml", "every: 15m", $"every: {every}");

        repo.Validate().Single(Rules.DurationForm, repo.Locate("data.yaml", every));
    }

    [Theory]
    [InlineData("4x15m; 24x1h")]
    [InlineData("0x1h")]
    [InlineData("lots")]
    public void Retention_grids_must_parse(string keep)
    {
        var repo = new TestRepository().Replace("data.yaml", "keep: \"4x15m, 24x1h\"", $"keep: \"{keep}\"");

        repo.Validate().Single(Rules.RetentionForm, repo.Locate("data.yaml", $"\"{keep}\""));
    }

    [Fact]
    public void Node_addresses_are_local_or_ssh_destinations()
    {
        var repo = new TestRepository().Replace("cluster.yaml", "root@10.0.0.2", "ssh://root@10.0.0.2 -p 22");

        repo.Validate().Single(Rules.NodeAddress, repo.Locate("cluster.yaml", "ssh://"));
    }

    [Fact]
    public void Zfs_property_names_are_checked()
    {
        var repo = new TestRepository().Replace("data.yaml", "  mode: \"0700\"", "  mode: \"0700\"\n  properties: {Compression: lz4}");

        repo.Validate().Single(Rules.PropertyName, repo.Locate("data.yaml", "Compression"));
    }
}
