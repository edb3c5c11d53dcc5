using Reconciler.Core.Model;
using Reconciler.Core.Resources;

namespace Reconciler.Storage.Resources;

/// <summary>What the storage provider applies for each of its kinds: the manifest that declares it.</summary>
public abstract record StoragePayload : ResourcePayload
{
    private StoragePayload()
    {
    }

    public sealed record Path(PathManifest Manifest) : StoragePayload;

    public sealed record Dataset(DatasetManifest Manifest) : StoragePayload;
}
