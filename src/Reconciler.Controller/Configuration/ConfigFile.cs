using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.Extensions.Options;
using Reconciler.Controller.Serialization;
using Reconciler.Core.Loading;

namespace Reconciler.Controller.Configuration;

/// <summary>
/// Reads the YAML configuration with positions, so every problem names the file and line, and
/// validates it; the host validates the same options again at start-up (ValidateOnStart).
/// </summary>
public sealed class ConfigFile : IValidateOptions<ControllerOptions>
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new WrittenDurationConverter() },
        TypeInfoResolver = ControllerJson.Default,
    };

    private readonly SourceDocument? document;

    private ConfigFile(string path, SourceDocument? document, ControllerOptions options, IReadOnlyList<string> errors)
    {
        Path = path;
        this.document = document;
        Options = options;
        Errors = errors;
    }

    public string Path { get; }

    public ControllerOptions Options { get; }

    /// <summary>Problems as "file:line:col: field: message"; empty when the file is usable.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <param name="logFormat">The command line's <c>--log-format</c>, which wins over the file's <c>log.format</c>.</param>
    public static ConfigFile Load(string path, string? logFormat = null)
    {
        if (!File.Exists(path))
        {
            return new ConfigFile(path, null, new ControllerOptions(), [$"{path}: the configuration file does not exist (see deploy/config.example.yaml)"]);
        }

        var (documents, diagnostics) = YamlReader.Read(path, File.ReadAllText(path));
        if (diagnostics.Count > 0)
        {
            return new ConfigFile(path, null, new ControllerOptions(), diagnostics.Select(d => d.ToString()).ToList());
        }

        var document = documents.FirstOrDefault();
        ControllerOptions options;
        try
        {
            options = document?.Root?.Deserialize(Json.Info<ControllerOptions>()) ?? new ControllerOptions();
        }
        catch (JsonException e)
        {
            var pointer = "/" + string.Join('/', (e.Path ?? "$").TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries));
            var where = document is null ? $"{path}:1:1" : document.LocateKey(pointer).ToString();
            return new ConfigFile(path, document, new ControllerOptions(), [$"{where}: {Describe(e)}"]);
        }

        if (logFormat is not null)
        {
            options.Log.Format = logFormat;
        }

        var file = new ConfigFile(path, document, options, []);
        return new ConfigFile(path, document, options, file.Problems(options));
    }

    public ValidateOptionsResult Validate(string? name, ControllerOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    private List<string> Problems(ControllerOptions options) =>
        new ControllerOptionsValidator().Validate(options).Errors.Select(e =>
        {
            var field = string.Join('.', e.PropertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
            var pointer = "/" + string.Join('/', field.Split('.').Select(p => p.Replace("[", "/", StringComparison.Ordinal).TrimEnd(']')));
            var where = document is null ? Path : document.Locate(pointer).ToString();
            return $"{where}: {field}: {e.ErrorMessage}";
        }).ToList();

    private static string Describe(JsonException e) => e.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? $"unknown field '{e.Path?.Split('.')[^1]}' (see deploy/config.example.yaml for every field)"
        : $"wrong type at {e.Path}: {e.Message.Split(". Path", 2)[0]}";
}
