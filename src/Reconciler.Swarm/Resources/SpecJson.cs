using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Reconciler.Swarm.Resources;

/// <summary>
/// Engine API specs as JSON trees, the shape the Engine itself uses (durations in
/// nanoseconds, nulls left out): the common ground for comparing desired and live specs.
/// </summary>
public static class SpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NanosecondsConverter() },
    };

    public static JsonObject ToTree<T>(T spec) => JsonSerializer.SerializeToNode(spec, Options) as JsonObject ?? [];

    public static T FromTree<T>(JsonNode tree) => tree.Deserialize<T>(Options) ?? throw new JsonException($"empty {typeof(T).Name}");

    private sealed class NanosecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks(reader.GetInt64() / 100);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Ticks * 100);
    }
}
