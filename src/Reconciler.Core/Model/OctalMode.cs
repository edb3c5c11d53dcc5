using System.Text.RegularExpressions;

namespace Reconciler.Core.Model;

/// <summary>Permission bits as an octal string ("0750"), quoted so YAML cannot turn them into a number.</summary>
public static partial class OctalMode
{
    public static bool IsValid(string mode) => Octal().IsMatch(mode);

    public static int Parse(string mode) => Convert.ToInt32(mode, 8);

    [GeneratedRegex("^[0-7]{3,4}$")]
    private static partial Regex Octal();
}
