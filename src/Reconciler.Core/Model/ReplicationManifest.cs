using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

public sealed record ReplicationManifest(
    string Name,
    SourceDocument Source,
    string SourceDataset,
    string TargetNode,
    string TargetDataset,
    Written<TimeSpan> Every,
    Written<TimeSpan>? MaxLag,
    Written<RetentionGrid>? Keep,
    bool Force)
    : Manifest(Name, Source)
{
    public override string Kind => "Replication";

    /// <summary>Above this age of the target's newest snapshot the replication is lagging: <c>maxLag</c>, else twice <c>every</c>.</summary>
    public TimeSpan LagLimit => MaxLag?.Value ?? Every.Value * 2;
}
