namespace Reconciler.Storage.Resources;

/// <summary>A Path on one node. Paths that earlier applies managed are remembered, so one that left the repository shows as an orphan.</summary>
public sealed record ManagedPath(string Node, string Path);
