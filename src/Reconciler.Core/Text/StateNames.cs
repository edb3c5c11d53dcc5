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

    /// <summary>For JSON options: enums written and read by the same names.</summary>
    public static JsonStringEnumConverter Converter() => new(JsonNamingPolicy.KebabCaseLower);

    /// <summary>The member a name stands for, or null for a name no member has.</summary>
    public static T? Parse<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => v!.Value.Name() == name);
}
