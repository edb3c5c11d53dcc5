using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reconciler.Core.Text;

/// <summary>
/// The one place states and results are named for people and machines: an enum member reads as
/// its kebab-case name ("InSync" is "in-sync", "UpToDate" is "up-to-date") in text, HTML classes,
/// metric labels and JSON alike, so nothing compares or spells such a name anywhere else.
/// </summary>
public static class StateNames
{
    public static string Name<T>(this T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>One enum's JSON converter: written and read by the same names.</summary>
    public static JsonConverter Converter<T>() where T : struct, Enum => new JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower);

    /// <summary>
    /// For JSON options: the enums given, by their names. Any other enum is refused, never written as
    /// a number that reads back as something else; the converter per enum is generic because Native
    /// AOT cannot make one for a type at run time.
    /// </summary>
    public static JsonConverterFactory Converters(params JsonConverter[] enums) => new NamedEnums(enums);

    /// <summary>The member a name stands for, or null for a name no member has.</summary>
    public static T? Parse<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => v!.Value.Name() == name);

    private sealed class NamedEnums(JsonConverter[] enums) : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        // JsonStringEnumConverter<T> is itself a factory, and a factory may not return a factory.
        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            enums.FirstOrDefault(c => c.CanConvert(typeToConvert)) is { } found
                ? found is JsonConverterFactory factory ? factory.CreateConverter(typeToConvert, options) : found
                : throw new NotSupportedException($"the enum {typeToConvert.Name} has no JSON names: add StateNames.Converter<{typeToConvert.Name}>() to the options");
    }
}
