namespace Reconciler.Storage.Zfs;

public static class DatasetPath
{
    /// <summary>The parent of pool/a/b (pool/a), or null when the parent is the pool itself, which always exists.</summary>
    public static string? Parent(string dataset) =>
        dataset.LastIndexOf('/') is var slash and > 0 && dataset.IndexOf('/', StringComparison.Ordinal) < slash ? dataset[..slash] : null;

    /// <summary>The dataset pool/a/b sits in (pool/a), the pool for pool/a, or null for a pool.</summary>
    public static string? Container(string dataset) =>
        dataset.LastIndexOf('/') is var slash and > 0 ? dataset[..slash] : null;
}
