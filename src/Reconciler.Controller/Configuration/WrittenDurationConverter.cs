using System.Text.Json;
using System.Text.Json.Serialization;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Configuration;

/// <summary>
/// Binds a duration field of the configuration ("60s") once, as manifests bind theirs: text that
/// is no duration is kept with its problem for the validator to report at its line.
/// </summary>
internal sealed class WrittenDurationConverter : JsonConverter<Written<TimeSpan>>
{
    public override Written<TimeSpan> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Duration.Read(reader.GetString()!) : throw new JsonException("expected a duration such as 60s or 5m");

    public override void Write(Utf8JsonWriter writer, Written<TimeSpan> value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
