namespace Reconciler.Storage.Resources;

/// <summary>The resource kinds the storage provider manages (names used in plans and ordering).</summary>
public static class StorageKinds
{
    public const string Path = "path";
    public const string Dataset = "dataset";

    public static bool Handles(string kind) => kind is Path or Dataset;
}
