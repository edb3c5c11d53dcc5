using Reconciler.Core.Model;
using Reconciler.Storage.Replication;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Tests;

/// <summary>A Replication's every is its schedule, and maxLag defaults to twice every, as the schema says.</summary>
public sealed class ReplicationScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static DesiredState Repository(string replication) => TestRepository.ReplicatedApp(replication, """{every: 15m, keep: "4x15m"}""");

    private static Snapshot At(int minutes) => new(SnapshotName.For("reconciler", T0.AddMinutes(minutes)), T0.AddMinutes(minutes), $"guid-{minutes}");

    [Fact]
    public void Without_max_lag_a_replication_lags_beyond_twice_every() =>
        Assert.Equal(TimeSpan.FromHours(2), Repository("every: 1h").Replications.Single().LagLimit);

    [Fact]
    public void A_declared_max_lag_wins() =>
        Assert.Equal(TimeSpan.FromMinutes(90), Repository("every: 1h, maxLag: 90m").Replications.Single().LagLimit);

    [Fact]
    public void A_target_whose_newest_snapshot_is_younger_than_every_waits_for_its_turn()
    {
        var state = Repository("every: 1h");

        var next = ReplicationSchedule.NextSend(state.Replications.Single(), state.Datasets.Single(), [At(0)], T0.AddMinutes(45));

        Assert.Equal(T0.AddHours(1), next);
    }

    [Fact]
    public void A_target_whose_newest_snapshot_is_every_old_is_due() =>
        Assert.Null(ReplicationSchedule.NextSend(Repository("every: 1h").Replications.Single(), Repository("every: 1h").Datasets.Single(), [At(0)], T0.AddHours(1)));
}
