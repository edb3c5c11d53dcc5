using Reconciler.Core.Model;

namespace Reconciler.Core.Tests;

/// <summary>Durations and retention grids are parsed once, when a manifest is bound; what was written stays for display.</summary>
public sealed class BoundDurationTests
{
    private const string Replication = """
        apiVersion: reconciler/v1
        kind: Replication
        metadata: {name: db-copy}
        spec: {source: tank/apps/db, target: {node: hermes, dataset: backup/db}, every: 90m, maxLag: 3h, keep: "24x1h"}
        """;

    [Fact]
    public void A_stack_without_convergence_timeout_gets_the_schema_default()
    {
        var stack = new TestRepository().Validate().State.Stacks.Single();

        Assert.Equal(TimeSpan.FromSeconds(120), stack.ConvergenceTimeout.Value);
        Assert.Equal("120s", stack.ConvergenceTimeout.Text);
    }

    [Fact]
    public void A_declared_convergence_timeout_is_bound_as_a_span()
    {
        var stack = new TestRepository().Replace("app/stack.yaml", "compose: compose.yaml", "compose: compose.yaml, convergenceTimeout: 1h30m")
            .Validate().State.Stacks.Single();

        Assert.Equal(TimeSpan.FromMinutes(90), stack.ConvergenceTimeout.Value);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(", rebalance: true", true)]
    [InlineData(", rebalance: false", false)]
    public void A_stack_rebalances_only_when_it_says_so(string spec, bool rebalance)
    {
        var report = new TestRepository().Replace("app/stack.yaml", "compose: compose.yaml", "compose: compose.yaml" + spec).Validate();

        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        Assert.Equal(rebalance, report.State.Stacks.Single().Rebalance);
    }

    [Fact]
    public void A_rebalance_that_is_not_a_boolean_is_a_schema_error()
    {
        var report = new TestRepository().Replace("app/stack.yaml", "compose: compose.yaml", "compose: compose.yaml, rebalance: sometimes").Validate();

        Assert.Contains(report.Diagnostics, d => d.Location.File.EndsWith("stack.yaml", StringComparison.Ordinal) && d.Message.Contains("rebalance", StringComparison.Ordinal));
        Assert.False(report.IsValid);
    }

    [Fact]
    public void Snapshot_schedules_are_bound_as_spans_and_grids()
    {
        var snapshots = new TestRepository().Validate().State.Datasets.Single().Snapshots!;

        Assert.Equal(TimeSpan.FromMinutes(15), snapshots.Every.Value);
        Assert.Equal([new RetentionBucket(4, TimeSpan.FromMinutes(15)), new RetentionBucket(24, TimeSpan.FromHours(1))], snapshots.Keep.Value.Buckets);
        Assert.Equal("4x15m, 24x1h", snapshots.Keep.Text);
    }

    [Fact]
    public void Replications_keep_the_text_as_written_next_to_the_span()
    {
        var report = new TestRepository().With("repl.yaml", Replication).Validate();
        var replication = report.State.Replications.Single();

        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        Assert.Equal(("90m", TimeSpan.FromMinutes(90)), (replication.Every.Text, replication.Every.Value));
        Assert.Equal(TimeSpan.FromHours(3), replication.LagLimit);
        Assert.Equal([new RetentionBucket(24, TimeSpan.FromHours(1))], replication.Keep!.Value.Buckets);
    }

    [Fact]
    public void An_invalid_duration_is_bound_with_its_problem_and_reported_as_before()
    {
        var repo = new TestRepository().Replace("data.yaml", "every: 15m", "every: 15min");
        var report = repo.Validate();

        Assert.False(report.State.Datasets.Single().Snapshots!.Every.IsValid);
        Assert.Equal(
            $"{repo.Locate("data.yaml", "15min")}: error RC206: snapshots.every '15min' is not a duration: write a number and a unit (s, m, h, d, w), e.g. 90s, 15m, 1h30m",
            report.Diagnostics.Single().ToString());
    }
}
