using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>Compose volumes (short and long syntax) to Swarm mounts, naming stack volumes like stack deploy.</summary>
internal sealed class MountConverter(string stack, JsonObject? volumes)
{
    public IList<Mount>? Convert(JsonObject service)
    {
        var mounts = (JsonRead.Array(service, "volumes") ?? []).Select(Mount).ToList();
        return mounts.Count == 0 ? null : mounts;
    }

    private Mount Mount(JsonNode? node) => node is JsonObject map ? Long(map) : Short(JsonRead.Scalar(node) ?? string.Empty);

    private Mount Short(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 1)
        {
            return new Mount { Type = "volume", Target = parts[0] };
        }

        var options = parts.Length > 2 ? parts[2].Split(',') : [];
        var readOnly = options.Contains("ro") ? true : (bool?)null;
        var source = parts[0];
        if (source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~'))
        {
            var propagation = options.FirstOrDefault(o => o is "shared" or "slave" or "private" or "rshared" or "rslave" or "rprivate");
            return new Mount
            {
                Type = "bind",
                Source = source,
                Target = parts[1],
                ReadOnly = readOnly,
                BindOptions = propagation is null ? null : new BindOptions { Propagation = propagation },
            };
        }

        var mount = Volume(source, parts[1], readOnly, noCopy: options.Contains("nocopy") ? true : null);
        return mount;
    }

    private Mount Long(JsonObject map)
    {
        var type = ComposeValues.Text(map, "type") ?? "volume";
        var target = ComposeValues.Text(map, "target") ?? string.Empty;
        var readOnly = ComposeValues.Flag(map, "read_only") == true ? true : (bool?)null;
        switch (type)
        {
            case "bind":
                var propagation = ComposeValues.Text(JsonRead.Object(map, "bind"), "propagation");
                return new Mount
                {
                    Type = "bind",
                    Source = ComposeValues.Text(map, "source"),
                    Target = target,
                    ReadOnly = readOnly,
                    BindOptions = propagation is null ? null : new BindOptions { Propagation = propagation },
                };
            case "tmpfs":
                var size = ComposeValues.Text(JsonRead.Object(map, "tmpfs"), "size");
                return new Mount
                {
                    Type = "tmpfs",
                    Target = target,
                    ReadOnly = readOnly,
                    TmpfsOptions = size is null ? null : new TmpfsOptions { SizeBytes = ComposeUnits.Bytes(size) },
                };
            default:
                var nocopy = ComposeValues.Flag(JsonRead.Object(map, "volume"), "nocopy");
                return Volume(ComposeValues.Text(map, "source"), target, readOnly, nocopy);
        }
    }

    private Mount Volume(string? source, string target, bool? readOnly, bool? noCopy)
    {
        if (string.IsNullOrEmpty(source))
        {
            return new Mount { Type = "volume", Target = target, ReadOnly = readOnly };
        }

        var definition = JsonRead.Object(volumes, source);
        var external = JsonRead.Boolean(definition, "external") == true || JsonRead.Object(definition, "external") is not null;
        var name = ComposeValues.Text(definition, "name");
        if (external)
        {
            return new Mount { Type = "volume", Source = name ?? source, Target = target, ReadOnly = readOnly, VolumeOptions = noCopy is null ? null : new VolumeOptions { NoCopy = noCopy } };
        }

        var driver = ComposeValues.Text(definition, "driver");
        var driverOptions = ComposeValues.Labels(definition, "driver_opts");
        return new Mount
        {
            Type = "volume",
            Source = name ?? StackNames.Scope(stack, source),
            Target = target,
            ReadOnly = readOnly,
            VolumeOptions = new VolumeOptions
            {
                NoCopy = noCopy,
                Labels = StackNames.WithNamespace(stack, ComposeValues.Labels(definition, "labels")),
                DriverConfig = driver is null && driverOptions.Count == 0 ? null : new Driver { Name = driver, Options = driverOptions.Count == 0 ? null : driverOptions },
            },
        };
    }
}
