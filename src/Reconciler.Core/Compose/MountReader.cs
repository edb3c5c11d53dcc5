using System.Text.Json.Nodes;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Compose;

/// <summary>Reads a service's volumes in both the short ("src:dst:ro") and the long syntax.</summary>
internal sealed class MountReader(ComposeFields fields, IReadOnlyDictionary<string, ComposeVolume> volumes)
{
    private static readonly string[] Propagations = ["shared", "slave", "private", "rshared", "rslave", "rprivate"];

    public IReadOnlyList<ServiceMount> Read(JsonObject service, string servicePointer)
    {
        var mounts = new List<ServiceMount>();
        var pointer = servicePointer + "/volumes";
        if (service["volumes"] is not JsonArray list)
        {
            if (service["volumes"] is not null)
            {
                fields.Invalid(pointer, "'volumes' must be a list");
            }

            return mounts;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = JsonPointers.Child(pointer, i);
            var mount = list[i] switch
            {
                JsonObject map => FromLong(map, at),
                var other when JsonRead.Scalar(other) is { } text => FromShort(text, at),
                _ => null,
            };
            if (mount is null)
            {
                fields.Invalid(at, "a volume is 'source:target[:ro]' or a mapping with type, source and target");
                continue;
            }

            mounts.Add(mount with { HostPath = HostPathOf(mount) });
        }

        return mounts;
    }

    /// <summary>
    /// The host directory behind a mount: a bind's source, or the device a local-driver volume binds.
    /// A bind source's trailing '/' is dropped here (docker stack deploy accepts /var/lib/docker/ and
    /// sends it as written), so policy and the single-writer rule see the same directory either way.
    /// </summary>
    private string? HostPathOf(ServiceMount mount) => mount.Type switch
    {
        MountType.Bind when mount.Source is { Length: > 1 } source && source.EndsWith('/') => source.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/",
        MountType.Bind => mount.Source,
        MountType.Volume when mount.Source is { } key && volumes.TryGetValue(key, out var volume) => volume.BindDevice,
        _ => null,
    };

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
        return new ServiceMount(isBind ? MountType.Bind : MountType.Volume, source, parts[1], options.Contains("ro"), pointer)
        {
            Propagation = isBind ? options.FirstOrDefault(Propagations.Contains) : null,
            NoCopy = !isBind && options.Contains("nocopy") ? true : null,
        };
    }

    private ServiceMount? FromLong(JsonObject map, string pointer)
    {
        var target = fields.Text(map, "target", pointer + "/target");
        if (target is null)
        {
            return null;
        }

        var typeText = fields.Text(map, "type", pointer + "/type");
        var type = typeText switch
        {
            "bind" => MountType.Bind,
            "volume" or null => MountType.Volume,
            "tmpfs" => MountType.Tmpfs,
            "npipe" or "cluster" or "image" => MountType.Other,
            _ => (MountType?)null,
        };
        if (type is null)
        {
            fields.Invalid(pointer + "/type", $"volume type '{typeText}' is not bind, volume or tmpfs");
            return null;
        }

        return new ServiceMount(type.Value, fields.Text(map, "source", pointer + "/source"), target, fields.Flag(map, "read_only", pointer + "/read_only") ?? false, pointer)
        {
            Propagation = fields.Text(fields.Mapping(map, "bind", pointer + "/bind"), "propagation", pointer + "/bind/propagation"),
            NoCopy = fields.Flag(fields.Mapping(map, "volume", pointer + "/volume"), "nocopy", pointer + "/volume/nocopy"),
            TmpfsSize = fields.Text(fields.Mapping(map, "tmpfs", pointer + "/tmpfs"), "size", pointer + "/tmpfs/size"),
        };
    }
}
