namespace Reconciler.Core.Secrets;

/// <summary>The stores of the sops tool this reads and writes; INI is not supported.</summary>
public enum SopsFormat
{
    Yaml,
    Json,
    Dotenv,
    Binary,
}

public static class SopsFormats
{
    /// <summary>The store sops picks for a file name: by its extension, anything else is binary.</summary>
    public static SopsFormat ForPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".yaml" or ".yml" => SopsFormat.Yaml,
        ".json" => SopsFormat.Json,
        ".env" => SopsFormat.Dotenv,
        ".ini" => throw new SopsException("INI files are not supported; use YAML, JSON, dotenv or binary"),
        _ => SopsFormat.Binary,
    };
}
