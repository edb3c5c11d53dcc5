using System.Text.Json.Nodes;
using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Loading;

/// <summary>
/// Load: finds every manifest in a repository (any *.yaml or *.yml whose apiVersion is
/// reconciler/v1, outside hidden directories), checks each against its kind's schema, binds
/// the typed model and reads the stacks' compose files.
/// </summary>
public static class RepositoryLoader
{
    public const string ApiVersion = "reconciler/v1";

    public static (DesiredState State, IReadOnlyList<Diagnostic> Diagnostics) Load(
        IRepositoryFiles files, IReadOnlyDictionary<string, string>? environment = null)
    {
        var diagnostics = new List<Diagnostic>();
        var parsed = new HashSet<string>(StringComparer.Ordinal);
        var manifests = new List<Manifest>();
        foreach (var path in files.List().Where(IsYaml))
        {
            if (files.Read(path) is not { } text)
            {
                continue; // refused: reported below with the other refusals
            }

            var (documents, problems) = YamlReader.Read(path, text);
            parsed.Add(path);
            diagnostics.AddRange(problems);
            foreach (var document in documents)
            {
                if (ReadManifest(document, diagnostics) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
        }

        var stacks = manifests.OfType<StackManifest>().ToList();
        var compose = new Dictionary<string, ComposeFile>(StringComparer.Ordinal);
        foreach (var stack in stacks.Where(s => s.Compose.Length > 0))
        {
            if (ReadCompose(stack, files, parsed, environment, diagnostics) is { } file)
            {
                compose.TryAdd(stack.Name, file);
            }
        }

        diagnostics.AddRange(files.Refused.Select(Refused));
        var state = new DesiredState(
            manifests.OfType<ClusterManifest>().FirstOrDefault(),
            stacks,
            manifests.OfType<PathManifest>().ToList(),
            manifests.OfType<DatasetManifest>().ToList(),
            manifests.OfType<ReplicationManifest>().ToList(),
            compose)
        {
            ExtraClusters = manifests.OfType<ClusterManifest>().Skip(1).ToList(),
        };
        return (state, diagnostics);
    }

    private static Diagnostic Refused(RefusedFile file)
    {
        var rule = file.Reason switch
        {
            Refusal.LinkLeavesRepository => Rules.LinkLeavesRepository,
            Refusal.NotRegularFile => Rules.NotRegularFile,
            Refusal.FileTooLarge => Rules.FileTooLarge,
            _ => Rules.RepositoryTooLarge,
        };
        return rule.At(SourceLocation.StartOf(file.Path), "not read: " + file.Why);
    }

    private static bool IsYaml(string path) =>
        (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && !path.Split('/').Any(part => part.StartsWith('.'));

    private static Manifest? ReadManifest(SourceDocument document, List<Diagnostic> diagnostics)
    {
        var apiVersion = JsonRead.String(document.Root, "apiVersion");
        if (apiVersion is null || !apiVersion.StartsWith("reconciler/", StringComparison.Ordinal))
        {
            return null; // a compose file or some other YAML: not ours
        }

        if (apiVersion != ApiVersion)
        {
            diagnostics.Add(Rules.UnsupportedApiVersion.At(document.Locate("/apiVersion"),
                $"apiVersion '{apiVersion}' is not supported; this version of reconciler reads '{ApiVersion}'"));
            return null;
        }

        var kind = JsonRead.String(document.Root, "kind");
        if (kind is null)
        {
            diagnostics.Add(Rules.MissingField.At(document.Start,
                $"'kind' is required: one of {string.Join(", ", ManifestSchemas.Kinds)}"));
            return null;
        }

        if (!ManifestSchemas.Kinds.Contains(kind))
        {
            diagnostics.Add(Rules.UnknownKind.At(document.Locate("/kind"),
                $"unknown kind '{kind}'.{Suggestions.Hint(kind, ManifestSchemas.Kinds)} Kinds: {string.Join(", ", ManifestSchemas.Kinds)}"));
            return null;
        }

        diagnostics.AddRange(SchemaCheck.Check(kind, document));
        var name = JsonRead.String(JsonRead.Object(document.Root, "metadata"), "name") ?? string.Empty;
        return ManifestBinder.Bind(kind, name, document);
    }

    private static ComposeFile? ReadCompose(
        StackManifest stack,
        IRepositoryFiles files,
        IReadOnlySet<string> parsed,
        IReadOnlyDictionary<string, string>? environment,
        List<Diagnostic> diagnostics)
    {
        var path = stack.ComposePath;
        if (path.StartsWith("../", StringComparison.Ordinal) || path.StartsWith('/'))
        {
            diagnostics.Add(Rules.ComposeMissing.At(stack.Source.Locate("/spec/compose"),
                $"compose file '{stack.Compose}' is outside the repository; keep it in the repository, relative to {stack.Source.File}"));
            return null;
        }

        var text = files.Read(path);
        if (text is null && files.Refused.Any(r => r.Path == path))
        {
            return null; // reported with the other refusals
        }

        if (text is null)
        {
            diagnostics.Add(Rules.ComposeMissing.At(stack.Source.Locate("/spec/compose"),
                $"compose file '{path}' does not exist (spec.compose is relative to {stack.Source.File})"));
            return null;
        }

        // Read again in the compose dialect (octal modes); syntax errors were reported by the first read.
        var (documents, problems) = YamlReader.Read(path, text, YamlDialect.Compose);
        if (!parsed.Contains(path))
        {
            diagnostics.AddRange(problems);
        }

        if (documents.Count != 1)
        {
            // Zero documents means a syntax error (already reported) or an empty file.
            if (documents.Count > 1 || diagnostics.All(d => d.Location.File != path))
            {
                diagnostics.Add(Rules.ComposeInvalid.At(SourceLocation.StartOf(path), "a compose file must hold exactly one YAML document"));
            }

            return null;
        }

        // The Stack's variables file wins over the environment the reconciler runs in, and its own
        // variables win over both.
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var (fromFile, secret) = StackVariablesFile.Read(stack, files, parsed, diagnostics);
        foreach (var (key, value) in fromFile.Concat(stack.Variables))
        {
            variables[key] = value;
        }

        var (file, composeProblems) = ComposeReader.Read(documents[0], variables);
        diagnostics.AddRange(composeProblems);
        return file is null || !secret ? file : file with
        {
            SecretVariables = fromFile.Keys.Where(k => !stack.Variables.ContainsKey(k)).ToHashSet(StringComparer.Ordinal),
        };
    }
}
