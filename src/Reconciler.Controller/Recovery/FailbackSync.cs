using Reconciler.Storage.Snapshots;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// How the returning manager's dataset gets the survivor's newer history back, decided from the
/// snapshots on both sides. Pure: the executor observes, asks, does the one step, and asks again
/// until the dataset is up to date, so a failback cut off anywhere is finished by running it again.
/// The returning node's own data after the failover is never received over: the dataset is first
/// renamed aside (kept as its diverged timeline), and a clone of the last common snapshot takes
/// its name, so the survivor's history follows incrementally.
/// </summary>
public static class FailbackSync
{
    /// <param name="dataset">The dataset on the returning node, under its own name.</param>
    /// <param name="diverged">The same dataset renamed aside, when it was.</param>
    /// <param name="replica">The survivor's copy (promoted by the failover), which now holds the newer history.</param>
    /// <param name="marker">The value of <see cref="MarkerProperty"/> a dataset this failback made carries.</param>
    public static FailbackStep Decide(DatasetSide dataset, DatasetSide diverged, IReadOnlyList<Snapshot> replica, string marker)
    {
        var replicaOrdered = Snapshot.Chronological(replica);
        if (replicaOrdered.Count == 0)
        {
            return new FailbackStep.Refuse("the survivor's copy has no snapshot to send back");
        }

        var newest = replicaOrdered[^1];
        if (dataset.Exists && dataset.Marker != marker)
        {
            return diverged.Exists
                ? new FailbackStep.Refuse("both the dataset and its diverged copy exist, and the dataset was not made by this failback: rename or remove one by hand")
                : new FailbackStep.KeepDiverged();
        }

        if (!dataset.Exists)
        {
            var common = Snapshot.Chronological(diverged.Snapshots).LastOrDefault(s => replicaOrdered.Any(r => r.SameAs(s)));
            return common is null ? new FailbackStep.Full(newest) : new FailbackStep.StartFrom(common);
        }

        var own = Snapshot.Chronological(dataset.Snapshots);
        if (own.Count == 0 && dataset.Origin is not null)
        {
            // Cloned from the kept timeline, then cut off before the promotion: until promoted it owns no snapshot.
            return new FailbackStep.Promote();
        }

        if (own.Count == 0)
        {
            return new FailbackStep.Refuse("the dataset this failback made has no snapshot: rename it aside by hand and run failback again");
        }

        if (!replicaOrdered.Any(r => r.SameAs(own[^1])))
        {
            return new FailbackStep.Refuse($"its newest snapshot {own[^1].Name} is not on the survivor's copy: it was taken here after the failback began; remove it and run failback again");
        }

        return own[^1].SameAs(newest) ? new FailbackStep.UpToDate(newest) : new FailbackStep.Incremental(own[^1], newest);
    }

    /// <summary>The user property that marks a dataset a failback made, with the failover's epoch ("e3").</summary>
    public const string MarkerProperty = "reconciler:failback";

    public static string Marker(long epoch) => "e" + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"tank/app.diverged-20261202T0800Z": the returning node's timeline since the failover, named by when it diverged.</summary>
    public static string DivergedName(string dataset, DateTimeOffset failedOverAt) =>
        $"{dataset}.diverged-{failedOverAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>One side as observed: whether the dataset exists, its failback marker, its snapshots, and the snapshot it is a clone of, if it is one.</summary>
public sealed record DatasetSide(bool Exists, string? Marker, IReadOnlyList<Snapshot> Snapshots, string? Origin = null)
{
    public static DatasetSide Absent { get; } = new(false, null, []);
}

/// <summary>The next thing to do to bring one dataset back.</summary>
public abstract record FailbackStep
{
    private FailbackStep()
    {
    }

    /// <summary>Rename the returning node's dataset aside: its writes since the failover are kept, never received over.</summary>
    public sealed record KeepDiverged : FailbackStep;

    /// <summary>Clone the diverged dataset's last snapshot in common with the survivor under the dataset's name, and promote the clone.</summary>
    public sealed record StartFrom(Snapshot Common) : FailbackStep;

    /// <summary>Promote the clone that a failback cut off between clone and promotion left.</summary>
    public sealed record Promote : FailbackStep;

    /// <summary>Nothing in common: receive the survivor's newest snapshot in full.</summary>
    public sealed record Full(Snapshot To) : FailbackStep;

    public sealed record Incremental(Snapshot From, Snapshot To) : FailbackStep;

    public sealed record UpToDate(Snapshot At) : FailbackStep;

    public sealed record Refuse(string Reason) : FailbackStep;
}
