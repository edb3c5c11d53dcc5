using Docker.DotNet.Models;
using Reconciler.Core.Compose;

namespace Reconciler.Swarm.Conversion;

/// <summary>A service's mounts (read once into the compose model) to Swarm mounts, naming stack volumes like stack deploy.</summary>
internal sealed class MountConverter(string stack, IReadOnlyDictionary<string, ComposeVolume> volumes)
{
    public IList<Mount>? Convert(ComposeService service)
    {
        var mounts = service.Mounts.Select(Mount).ToList();
        return mounts.Count == 0 ? null : mounts;
    }

    private Mount Mount(ServiceMount mount)
    {
        var readOnly = mount.ReadOnly ? true : (bool?)null;
        return mount.Type switch
        {
            MountType.Bind => new Mount
            {
                Type = "bind",
                Source = mount.Source,
                Target = mount.Target,
                ReadOnly = readOnly,
                BindOptions = mount.Propagation is null ? null : new BindOptions { Propagation = mount.Propagation },
            },
            MountType.Tmpfs => new Mount
            {
                Type = "tmpfs",
                Target = mount.Target,
                ReadOnly = readOnly,
                TmpfsOptions = mount.TmpfsSize is null ? null : new TmpfsOptions { SizeBytes = ComposeUnits.Bytes(mount.TmpfsSize) },
            },
            _ => Volume(mount.Source, mount.Target, readOnly, mount.NoCopy),
        };
    }

    private Mount Volume(string? source, string target, bool? readOnly, bool? noCopy)
    {
        if (string.IsNullOrEmpty(source))
        {
            return new Mount { Type = "volume", Target = target, ReadOnly = readOnly };
        }

        var definition = volumes.GetValueOrDefault(source);
        if (definition is { External: true })
        {
            return new Mount { Type = "volume", Source = definition.Name ?? source, Target = target, ReadOnly = readOnly, VolumeOptions = noCopy is null ? null : new VolumeOptions { NoCopy = noCopy } };
        }

        var driver = definition?.Driver;
        var driverOptions = definition?.DriverOptions ?? new Dictionary<string, string>();
        return new Mount
        {
            Type = "volume",
            Source = definition?.Name ?? StackNames.Scope(stack, source),
            Target = target,
            ReadOnly = readOnly,
            VolumeOptions = new VolumeOptions
            {
                NoCopy = noCopy,
                Labels = StackNames.WithNamespace(stack, definition?.Labels),
                DriverConfig = driver is null && driverOptions.Count == 0
                    ? null
                    : new Driver { Name = driver, Options = driverOptions.Count == 0 ? null : new Dictionary<string, string>(driverOptions, StringComparer.Ordinal) },
            },
        };
    }
}
