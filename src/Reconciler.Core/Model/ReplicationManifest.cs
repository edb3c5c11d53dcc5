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
}
