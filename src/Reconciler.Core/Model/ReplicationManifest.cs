using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

public sealed record ReplicationManifest(
    string Name,
    SourceDocument Source,
    string SourceDataset,
    string TargetNode,
    string TargetDataset,
    string Every,
    string? MaxLag,
    string? Keep,
    bool Force)
    : Manifest(Name, Source)
{
    public override string Kind => "Replication";

    /// <summary>The schedule: the target is sent a newer snapshot once its newest is this old. Null while <c>every</c> does not parse (validation says so).</summary>
    public TimeSpan? Interval => Duration.TryParse(Every, out var every) ? every : null;

    /// <summary>Above this age of the target's newest snapshot the replication is lagging: <c>maxLag</c>, else twice <c>every</c>.</summary>
    public TimeSpan? LagLimit => Duration.TryParse(MaxLag, out var maxLag) ? maxLag : Interval * 2;
}
