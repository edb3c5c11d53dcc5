using System.Text.Json;

namespace Reconciler.Controller.Writers;

/// <summary>
/// The running containers of a node that the controller reaches through its shell, with the
/// node's docker CLI: `docker ps -q`, then one `docker inspect` of them all, one line each (id,
/// name, labels and mounts as JSON). Built and read here so both are tested as data.
/// </summary>
public static class ContainerListing
{
    /// <summary>Tab-separated JSON fields, so no value (a path, a label) can break a line apart.</summary>
    public const string Format = "{{json .Id}}\t{{json .Name}}\t{{json .Config.Labels}}\t{{json .Mounts}}";

    // The format and the engine (-H) are arguments, never part of the script's text.
    private const string Script = "format=$1; shift; ids=$(docker \"$@\" ps -q) || exit; [ -z \"$ids\" ] || exec docker \"$@\" inspect --format \"$format\" $ids";

    /// <param name="dockerHost">The engine as the node's docker CLI is told (-H); null for its own default.</param>
    public static IReadOnlyList<string> Command(string? dockerHost) =>
        ["sh", "-c", Script, "list-containers", Format, .. Engine(dockerHost)];

    public static IReadOnlyList<string> Stop(string? dockerHost, string id) => ["docker", .. Engine(dockerHost), "stop", "-t", "10", id];

    /// <summary>The containers in the command's output; throws <see cref="JsonException"/> on a line that is not what the format writes.</summary>
    public static IReadOnlyList<RunningContainer> Parse(string node, string output)
    {
        var containers = new List<RunningContainer>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length != 4)
            {
                throw new JsonException($"a container line of {fields.Length} field(s) instead of 4: {line}");
            }

            using var labels = JsonDocument.Parse(fields[2]);
            using var mounts = JsonDocument.Parse(fields[3]);
            var service = labels.RootElement.ValueKind == JsonValueKind.Object && labels.RootElement.TryGetProperty(RunningContainer.ServiceLabel, out var name)
                ? Text(name)
                : string.Empty;
            containers.Add(new RunningContainer(
                node,
                Text(fields[0]),
                Text(fields[1]).TrimStart('/'),
                service.Length == 0 ? null : service,
                mounts.RootElement.ValueKind == JsonValueKind.Array ? mounts.RootElement.EnumerateArray().Select(Mount).ToList() : []));
        }

        return containers;
    }

    private static ContainerMount Mount(JsonElement mount) =>
        mount.ValueKind == JsonValueKind.Object && mount.TryGetProperty("Source", out var source) && mount.TryGetProperty("RW", out var rw)
            && rw.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? new ContainerMount(Text(source), rw.GetBoolean())
            : throw new JsonException($"a mount without Source and RW: {mount.GetRawText()}");

    private static string Text(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Text(document.RootElement);
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"{value.GetRawText()} where a string belongs");

    private static string[] Engine(string? dockerHost) => dockerHost is null ? [] : ["-H", dockerHost];
}
