using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Loading;

/// <summary>
/// YAML 1.2 core-schema typing of plain (unquoted) scalars, as compose-go does: so <c>yes</c>
/// stays a string, and an unquoted <c>0750</c> is a number the validator can ask to be quoted.
/// </summary>
internal static partial class PlainScalar
{
    public static JsonNode? Resolve(string value, YamlDialect dialect = YamlDialect.Core)
    {
        if (dialect == YamlDialect.Compose && Octal().IsMatch(value))
        {
            return JsonValue.Create(Convert.ToInt64(value, 8));
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^0[0-7]+$")]
    private static partial Regex Octal();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
