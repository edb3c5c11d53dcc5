using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Tests;

public sealed class SingleWriterRuleTests
{
    [Fact]
    public void Only_the_writer_may_mount_read_write()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/srv/data/db/dumps:/dumps")
            .Replace("app/compose.yaml", "image: nginx:1.27", "image: nginx:1.27\n    deploy:\n      placement:\n        constraints: [node.hostname == atlas]");

        var d = repo.Validate().Single(Rules.ForeignWriter, repo.Locate("app/compose.yaml", "/srv/data/db/dumps"));
        Assert.Contains("its writer is app/db", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_mount_by_another_service_on_the_node_is_fine()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/srv/data/db:/backup:ro")
            .Replace("app/compose.yaml", "image: nginx:1.27", "image: nginx:1.27\n    deploy:\n      placement:\n        constraints: [node.labels.storage == primary]");

        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Theory]
    [InlineData("replicas: 1", "replicas: 2")]
    [InlineData("replicas: 1", "mode: global")]
    [InlineData("replicas: 1", "mode: global-job")]
    public void Writer_runs_at_most_one_task(string from, string to)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", from, to);

        repo.Validate().Single(Rules.WriterReplicas, repo.Locate("app/compose.yaml", to));
    }

    [Fact]
    public void Writer_as_a_replicated_job_of_one_is_fine()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "replicas: 1", "mode: replicated-job");

        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Fact]
    public void Writer_never_updates_start_first()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "replicas: 1", "replicas: 1\n      update_config: {order: start-first}");

        repo.Validate().Single(Rules.WriterStartFirst, repo.Locate("app/compose.yaml", "start-first"));
    }

    [Theory]
    [InlineData("[node.hostname == atlas]", true)]
    [InlineData("[node.labels.storage == primary]", true)]
    [InlineData("[node.role == manager]", true)]
    [InlineData("[node.hostname != hermes]", true)]
    [InlineData("[node.role == worker]", false)]
    [InlineData("[node.platform.os == linux]", false)]
    [InlineData("[]", false)]
    public void Writer_is_pinned_to_the_datasets_node(string constraints, bool pinned)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "[node.hostname == atlas]", constraints);

        var report = repo.Validate();
        if (pinned)
        {
            Assert.Empty(report.Diagnostics);
        }
        else
        {
            var d = report.Single(Rules.WriterNotPinned, repo.Locate("app/compose.yaml", "db:"));
            Assert.Contains("node.hostname == atlas", d.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_dataset_without_a_writer_cannot_be_mounted_read_write()
    {
        var repo = new TestRepository().Replace("data.yaml", "  writer: app/db\n", string.Empty);

        Assert.Contains("names no writer", repo.Validate().Single(Rules.ForeignWriter).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_that_never_mounts_its_dataset_is_a_warning()
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/data/db/pgdata:/var/lib/postgresql/data", "/srv/data/db/pgdata:/var/lib/postgresql/data:ro");

        Assert.Equal(Severity.Warning, repo.Validate().Single(Rules.WriterDoesNotMount, repo.Locate("data.yaml", "app/db")).Severity);
    }

    [Theory]
    [InlineData("/srv/data/db")]
    [InlineData("/srv/data/db/")]
    public void A_writer_that_binds_its_datasets_mountpoint_rather_than_a_subdirectory_is_a_warning(string source)
    {
        var repo = new TestRepository().Replace("app/compose.yaml", "/srv/data/db/pgdata:", source + ":");

        var d = repo.Validate().Single(Rules.WriterBindsMountpoint, repo.Locate("app/compose.yaml", source + ":"));
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("bind a subdirectory such as /srv/data/db/data, declared as a Path with owner and mode", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_that_binds_the_mountpoint_through_a_local_bind_volume_is_a_warning_too()
    {
        var repo = new TestRepository().With("app/compose.yaml", TestRepository.Compose.Replace("/srv/data/db/pgdata:", "db-data:", StringComparison.Ordinal)
            + "\nvolumes:\n  db-data:\n    driver: local\n    driver_opts: {type: none, o: bind, device: /srv/data/db}\n");

        repo.Validate().Single(Rules.WriterBindsMountpoint, repo.Locate("app/compose.yaml", "db-data:"));
    }

    [Fact]
    public void Only_the_writers_read_write_bind_of_the_mountpoint_is_a_warning()
    {
        var repo = new TestRepository()
            .Replace("app/compose.yaml", "/srv/data/db/pgdata:/var/lib/postgresql/data", "/srv/data/db/pgdata:/var/lib/postgresql/data\n      - /srv/data/db:/snapshot:ro")
            .Replace("app/compose.yaml", "/srv/config/web:/etc/nginx/conf.d:ro", "/srv/data/db:/backup:ro")
            .Replace("app/compose.yaml", "image: nginx:1.27", "image: nginx:1.27\n    deploy:\n      placement:\n        constraints: [node.hostname == atlas]");

        Assert.Empty(repo.Validate().Diagnostics);
    }

    [Theory]
    [InlineData("stop", WriterGuard.Stop)]
    [InlineData("alert", WriterGuard.Alert)]
    public void Guard_is_read_from_the_dataset(string written, WriterGuard guard)
    {
        var repo = new TestRepository().Replace("data.yaml", "  writer: app/db\n", $"  writer: app/db\n  guard: {written}\n");

        var report = repo.Validate();

        Assert.Empty(report.Diagnostics);
        Assert.Equal(guard, Assert.Single(report.State.Datasets).Guard);
    }

    [Fact]
    public void Guard_defaults_to_alert_and_takes_only_alert_or_stop()
    {
        Assert.Equal(WriterGuard.Alert, Assert.Single(new TestRepository().Validate().State.Datasets).Guard);
        var repo = new TestRepository().Replace("data.yaml", "  writer: app/db\n", "  writer: app/db\n  guard: kill\n");

        Assert.Equal("'spec.guard' must be one of: alert, stop", repo.Validate().Single(Rules.InvalidChoice, repo.Locate("data.yaml", "kill")).Message);
    }

    [Fact]
    public void Guard_stop_needs_a_writer_to_keep()
    {
        var repo = new TestRepository()
            .Replace("data.yaml", "  writer: app/db\n", "  guard: stop\n")
            .Replace("app/compose.yaml", "/srv/data/db/pgdata:/var/lib/postgresql/data", "/srv/data/db/pgdata:/var/lib/postgresql/data:ro");

        var d = repo.Validate().Single(Rules.GuardWithoutWriter, repo.Locate("data.yaml", "stop"));
        Assert.Contains("needs spec.writer", d.Message, StringComparison.Ordinal);
    }
}
