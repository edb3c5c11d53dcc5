using System.Text.Json.Nodes;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>Reads a service's volumes in both the short ("src:dst:ro") and the long syntax.</summary>
internal static class MountReader
{
    public static IReadOnlyList<ServiceMount> Read(JsonObject service, string servicePointer, SourceDocument document, List<Diagnostic> diagnostics)
    {
        var mounts = new List<ServiceMount>();
        var volumes = JsonRead.Array(service, "volumes") ?? [];
        for (var i = 0; i < volumes.Count; i++)
        {
            var pointer = $"{servicePointer}/volumes/{i}";
            var mount = volumes[i] switch
            {
                JsonObject map => FromLong(map, pointer),
                var other when JsonRead.AsString(other) is { } text => FromShort(text, pointer),
                _ => null,
            };
            if (mount is null)
            {
                diagnostics.Add(Rules.ComposeInvalid.At(document.Locate(pointer), "a volume is 'source:target[:ro]' or a mapping with type, source and target"));
                continue;
            }

            mounts.Add(mount);
        }

        return mounts;
    }

    private static ServiceMount? FromShort(string text, string pointer)
    {
        var parts = text.Split(':');
        if (parts.Length > 3 || parts.Any(string.IsNullOrEmpty))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return new ServiceMount(MountType.Volume, null, parts[0], ReadOnly: false, pointer);
        }

        var source = parts[0];
        var options = parts.Length == 3 ? parts[2].Split(',') : [];
        var isBind = source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~');
        return new ServiceMount(isBind ? MountType.Bind : MountType.Volume, source, parts[1], options.Contains("ro"), pointer);
    }

    private static ServiceMount? FromLong(JsonObject map, string pointer)
    {
        var target = JsonRead.String(map, "target");
        if (target is null)
        {
            return null;
        }

        var type = JsonRead.String(map, "type") switch
        {
            "bind" => MountType.Bind,
            "volume" or null => MountType.Volume,
            "tmpfs" => MountType.Tmpfs,
            _ => MountType.Other,
        };
        return new ServiceMount(type, JsonRead.String(map, "source"), target, JsonRead.Boolean(map, "read_only") ?? false, pointer);
    }
}
