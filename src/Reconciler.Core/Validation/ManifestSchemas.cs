using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Reconciler.Core.Validation;

/// <summary>
/// The JSON Schemas from <c>schemas/</c>, embedded in this assembly: the very files editors
/// use are the ones the validator evaluates, so the two cannot drift apart.
/// </summary>
public static class ManifestSchemas
{
    private static readonly Uri BaseUri = new("https://reconciler.invalid/schemas/");
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Texts = new(ReadAll);
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Loaded = new(Load);
    private static readonly Lazy<SchemaNavigator> LazyNavigator = new(() => new SchemaNavigator(
        Texts.Value.ToDictionary(t => t.Key, t => (JsonObject)JsonNode.Parse(t.Value)!, StringComparer.Ordinal)));

    /// <summary>The kinds a repository may declare, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["Cluster", "Stack", "Path", "Dataset", "Replication"];

    /// <summary>The schema of one kind, by file name without extension (cluster, stack, ..., manifest).</summary>
    public static JsonSchema Get(string name) => Loaded.Value[name];

    public static JsonSchema ForKind(string kind) => Get(kind.ToLowerInvariant());

    internal static SchemaNavigator Navigator => LazyNavigator.Value;

    private static Dictionary<string, string> ReadAll()
    {
        var assembly = typeof(ManifestSchemas).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("schemas/", StringComparison.Ordinal))
            .ToDictionary(n => n["schemas/".Length..^".schema.json".Length], n => Read(assembly, n), StringComparer.Ordinal);
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        // Shared definitions first: the kind schemas refer to them.
        var ordered = Texts.Value.OrderBy(t => t.Key == "common" ? 0 : t.Key == "manifest" ? 2 : 1);
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var (name, text) in ordered)
        {
            var schema = JsonSchema.FromText(text, options, new Uri(BaseUri, name + ".schema.json"));
            options.SchemaRegistry.Register(schema);
            schemas[name] = schema;
        }

        return schemas;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded schema {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static EvaluationResults Evaluate(JsonSchema schema, JsonElement instance) =>
        schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
}
