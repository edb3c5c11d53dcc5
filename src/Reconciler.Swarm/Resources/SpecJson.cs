using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Docker.DotNet.Models;

namespace Reconciler.Swarm.Resources;

/// <summary>
/// Engine API specs as JSON trees, the shape the Engine itself uses (durations in
/// nanoseconds, nulls left out): the common ground for comparing desired and live specs.
/// </summary>
public static partial class SpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NanosecondsConverter() },
        TypeInfoResolver = DockerSpecJson.Default,
    };

    /// <summary>A spec of a type <see cref="DockerSpecJson"/> lists as a tree.</summary>
    public static JsonObject ToTree<T>(T spec) => JsonSerializer.SerializeToNode(spec, Info<T>()) as JsonObject ?? [];

    public static T FromTree<T>(JsonNode tree) => tree.Deserialize(Info<T>()) ?? throw new JsonException($"empty {typeof(T).Name}");

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>
    /// The metadata of the objects a stack converts to, generated at build time (the Docker client
    /// keeps its own context internal): no reflection, so it works under Native AOT, and a cold
    /// process builds no serializers.
    /// </summary>
    [JsonSerializable(typeof(ServiceSpec))]
    [JsonSerializable(typeof(NetworksCreateParameters))]
    [JsonSerializable(typeof(SwarmConfigSpec))]
    [JsonSerializable(typeof(SwarmSecretSpec))]
    private sealed partial class DockerSpecJson : JsonSerializerContext;

    private sealed class NanosecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks(reader.GetInt64() / 100);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Ticks * 100);
    }
}
