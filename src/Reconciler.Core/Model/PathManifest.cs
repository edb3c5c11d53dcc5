using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

/// <summary>A host directory bind mounts use; Nodes empty means every node.</summary>
public sealed record PathManifest(
    string Name,
    SourceDocument Source,
    string Path,
    long Owner,
    long Group,
    string Mode,
    IReadOnlyList<string> Nodes,
    bool Recursive)
    : Manifest(Name, Source)
{
    public override string Kind => "Path";

    public bool IsOn(string node) => Nodes.Count == 0 || Nodes.Contains(node);
}
