using System.Globalization;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Reconciler.Core.Loading;

namespace Reconciler.Swarm.Conversion;

/// <summary>Compose ports (short "8080:80/udp", ranges, and the long syntax) to Swarm port configs.</summary>
internal static class PortConverter
{
    public static EndpointSpec? Convert(JsonObject service)
    {
        var deploy = JsonRead.Object(service, "deploy");
        var ports = (JsonRead.Array(service, "ports") ?? []).SelectMany(Ports)
            .OrderBy(p => p.PublishedPort ?? 0).ThenBy(p => p.TargetPort ?? 0).ToList();
        var mode = ComposeValues.Text(deploy, "endpoint_mode")?.ToLowerInvariant();
        return ports.Count == 0 && mode is null ? null : new EndpointSpec { Mode = mode, Ports = ports.Count == 0 ? null : ports };
    }

    private static IEnumerable<PortConfig> Ports(JsonNode? node)
    {
        if (node is JsonObject port)
        {
            yield return new PortConfig
            {
                Name = ComposeValues.Text(port, "name"),
                Protocol = ComposeValues.Text(port, "protocol") ?? "tcp",
                TargetPort = (uint?)ComposeValues.Number(port, "target"),
                PublishedPort = ComposeValues.Text(port, "published") is { } text ? uint.Parse(text, CultureInfo.InvariantCulture) : null,
                PublishMode = ComposeValues.Text(port, "mode") ?? "ingress",
            };
            yield break;
        }

        var spec = JsonRead.Scalar(node) ?? throw new FormatException("a port must be a string or a mapping");
        var protocol = "tcp";
        var slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..];
            spec = spec[..slash];
        }

        var parts = spec.Split(':');
        var (published, target) = parts.Length switch
        {
            1 => (null, parts[0]),
            2 => (parts[0], parts[1]),
            _ => (parts[^2], parts[^1]), // host IP prefixes are not supported by Swarm and are dropped like stack deploy does
        };
        var targets = Range(target);
        var publishedPorts = published is null or "" ? null : Range(published);
        for (var i = 0; i < targets.Count; i++)
        {
            yield return new PortConfig
            {
                Protocol = protocol,
                TargetPort = targets[i],
                PublishedPort = publishedPorts is null ? null : publishedPorts[Math.Min(i, publishedPorts.Count - 1)],
                PublishMode = "ingress",
            };
        }
    }

    private static List<uint> Range(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return [uint.Parse(text, CultureInfo.InvariantCulture)];
        }

        var first = uint.Parse(text[..dash], CultureInfo.InvariantCulture);
        var last = uint.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture);
        return Enumerable.Range((int)first, (int)(last - first + 1)).Select(p => (uint)p).ToList();
    }
}
