namespace Reconciler.Storage.Cycle;

/// <summary>What one snapshot-and-replication cycle did and found.</summary>
public sealed record CycleReport(
    IReadOnlyList<string> Taken,
    IReadOnlyList<string> Pruned,
    IReadOnlyList<ReplicationStatus> Replications,
    IReadOnlyList<string> Errors)
{
    /// <summary>Each replication target that exists, as found before this cycle sent anything.</summary>
    public IReadOnlyList<ReplicaState> Replicas { get; init; } = [];

    public bool Healthy => Errors.Count == 0 && Replications.All(r => r.Healthy);
}
