using Reconciler.Controller.Tests.Cycle;
using Reconciler.Controller.Writers;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Tests.Writers;

/// <summary>
/// Who writes a dataset, judged from observed containers, task counts and copies: tank/apps/data
/// on atlas at /srv/data/app, written by db/app (service db_app), with a copy backup/data on hermes;
/// and tank/apps/logs at /srv/data/logs, which names no writer.
/// </summary>
public sealed class WriterJudgeTests
{
    private static readonly DesiredState State = StateOf(Repositories.WithWriter());
    private static readonly RunningContainer Writer = FakeWriters.Container("db_app.1.x", "db_app", "/srv/data/app");
    private static readonly ReplicaState Copy = new("data-to-hermes", "tank/apps/data", "hermes", "backup/data", null, false, 0, "reconciler_20261202T080000Z");

    [Fact]
    public void The_writers_own_task_is_the_one_writer_and_no_problem()
    {
        var data = Judge([Writer])[0];

        Assert.Equal(("tank/apps/data", 1, WriterGuard.Alert), (data.Dataset, data.Writers, data.Guard));
        Assert.Equal(["container db_app.1.x (a task of db_app)"], data.Containers);
        Assert.Empty(data.Findings);
    }

    [Fact]
    public void A_container_that_binds_a_directory_under_the_mountpoint_read_write_is_a_second_writer_to_stop()
    {
        var intruder = FakeWriters.Container("debug", null, "/srv/data/app/uploads/");

        var data = Judge([Writer, intruder])[0];

        Assert.Equal(2, data.Writers);
        var finding = Assert.Single(data.Findings);
        Assert.Equal((WriterCheck.Container, "debug", intruder), (finding.Check, finding.Subject, finding.Container));
        Assert.Equal("container debug (not a swarm task) on atlas mounts /srv/data/app/uploads/ read-write: it writes tank/apps/data besides its writer db/app", finding.Detail);
        Assert.StartsWith("stop it (docker stop debug on atlas)", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_mounts_other_nodes_and_other_paths_write_nothing()
    {
        var data = Judge([
            Writer,
            FakeWriters.Container("backup", null, "/srv/data/app", readWrite: false),
            FakeWriters.Container("elsewhere", null, "/srv/data/app", node: "hermes"),
            FakeWriters.Container("sibling", null, "/srv/data/application"),
            FakeWriters.Container("logs", null, "/srv/data/logs"),
        ])[0];

        Assert.Equal((1, 0), (data.Writers, data.Findings.Count));
    }

    [Fact]
    public void A_directory_above_the_mountpoint_carries_the_dataset_along()
    {
        var data = Judge([Writer, FakeWriters.Container("agent", null, "/srv")])[0];

        Assert.Equal("agent", Assert.Single(data.Findings).Subject);
    }

    [Fact]
    public void Without_a_declared_writer_two_containers_are_reported_with_none_to_stop()
    {
        var judged = Judge([FakeWriters.Container("a", null, "/srv/data/logs"), FakeWriters.Container("b", "x_y", "/srv/data/logs/b")]);

        Assert.Equal(("tank/apps/logs", 2), (judged[1].Dataset, judged[1].Writers));
        var finding = Assert.Single(judged[1].Findings);
        Assert.Null(finding.Container);
        Assert.Equal("2 containers write tank/apps/logs on atlas: container a (not a swarm task), container b (a task of x_y); two writers corrupt data", finding.Detail);
        Assert.Empty(Judge([FakeWriters.Container("a", null, "/srv/data/logs")])[1].Findings);
    }

    [Fact]
    public void A_task_of_another_service_is_told_to_scale_since_stopping_it_brings_another()
    {
        var finding = Assert.Single(Judge([Writer, FakeWriters.Container("web_app.1.y", "web_app", "/srv/data/app")])[0].Findings);

        Assert.StartsWith("mount the dataset read-only (:ro) in web_app or scale it to 0", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_writer_while_the_writer_is_down_says_so()
    {
        var finding = Assert.Single(Judge([FakeWriters.Container("debug", null, "/srv/data/app")])[0].Findings);

        Assert.EndsWith("besides its writer db/app (which is not running on atlas now)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_writer_scaled_to_two_is_one_problem_with_nothing_to_stop()
    {
        var second = FakeWriters.Container("db_app.2.z", "db_app", "/srv/data/app");

        var data = Judge([Writer, second], tasks: 2)[0];

        Assert.Equal(2, data.Writers);
        var finding = Assert.Single(data.Findings);
        Assert.Equal((WriterCheck.Tasks, "db_app", null), (finding.Check, finding.Subject, finding.Container));
        Assert.StartsWith("db_app, the writer of tank/apps/data, runs 2 tasks", finding.Detail, StringComparison.Ordinal);
        Assert.StartsWith("docker service scale db_app=1", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_mounted_read_write_and_written_to_is_reported_with_what_writes_it()
    {
        var mounted = Copy with { MountedAt = "/srv/copy", Written = 3 * 1024 };
        var writer = FakeWriters.Container("peek", null, "/srv/copy/x", node: "hermes");

        var findings = Judge([Writer, writer], replicas: [mounted])[0].Findings;

        Assert.Equal(
            [(WriterCheck.ReplicaMounted, "hermes:backup/data"), (WriterCheck.Container, "peek"), (WriterCheck.ReplicaWritten, "hermes:backup/data")],
            findings.Select(f => (f.Check, f.Subject)));
        Assert.StartsWith("the copy backup/data of tank/apps/data on hermes is mounted read-write at /srv/copy", findings[0].Detail, StringComparison.Ordinal);
        Assert.Equal(writer, findings[1].Container);
        Assert.Equal("3 KiB written to the copy backup/data of tank/apps/data on hermes since its newest snapshot reconciler_20261202T080000Z: the next receive fails (or, with force: true, throws them away)", findings[2].Detail);
        Assert.Equal("copy off what you need, then zfs rollback backup/data@reconciler_20261202T080000Z on hermes", findings[2].Remedy);
    }

    [Fact]
    public void A_copy_unmounted_or_mounted_read_only_and_unwritten_is_fine()
    {
        Assert.Empty(Judge([Writer], replicas: [Copy])[0].Findings);
        Assert.Empty(Judge([Writer], replicas: [Copy with { MountedAt = "/srv/copy", ReadOnly = true, Written = null }])[0].Findings);
    }

    [Fact]
    public void A_node_that_could_not_be_looked_at_has_an_unknown_count()
    {
        var data = WriterJudge.Judge(State, [], new WriterObservation([Writer], new HashSet<string>(), new Dictionary<string, int>(), ["cannot list the containers on atlas: refused"]))[0];

        Assert.Equal((null, 0), (data.Writers, data.Findings.Count));
    }

    [Fact]
    public void The_nodes_watched_are_the_datasets_and_those_of_mounted_copies_and_the_services_are_the_writers()
    {
        Assert.Equal(["atlas"], WriterJudge.NodesToWatch(State, [Copy]));
        Assert.Equal(["atlas", "hermes"], WriterJudge.NodesToWatch(State, [Copy with { MountedAt = "/srv/copy" }]));
        Assert.Equal(["db_app"], WriterJudge.WriterServices(State));
    }

    private static IReadOnlyList<DatasetWriters> Judge(RunningContainer[] containers, int tasks = 1, ReplicaState[]? replicas = null) =>
        WriterJudge.Judge(State, replicas ?? [], new WriterObservation(containers, new HashSet<string>(["atlas", "hermes"]), new Dictionary<string, int> { ["db_app"] = tasks }, []));

    internal static DesiredState StateOf(IReadOnlyDictionary<string, string> files)
    {
        var report = Validator.Validate(new InMemoryRepositoryFiles(files));
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        return report.State;
    }
}
