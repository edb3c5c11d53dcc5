using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;
using Reconciler.Core.Secrets;

namespace Reconciler.Core.Loading;

/// <summary>
/// A Stack's spec.variablesFile: NAME=value lines (.env, as sops's dotenv store reads them) or a
/// flat YAML or JSON mapping of scalars. It is read through the repository's files, so a
/// SOPS-encrypted one arrives decrypted (or, without a key, as the stand-in that changes with its
/// ciphertext). Problems point at spec.variablesFile and never quote the file, which may be secret.
/// </summary>
internal static class StackVariablesFile
{
    /// <summary>The values, and whether they are secret (the file is SOPS-encrypted); empty after reporting a problem.</summary>
    public static (IReadOnlyDictionary<string, string> Values, bool Secret) Read(
        StackManifest stack, IRepositoryFiles files, IReadOnlySet<string> parsed, List<Diagnostic> diagnostics)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stack.VariablesPath is not { } path)
        {
            return (values, false);
        }

        var at = stack.Source.Locate("/spec/variablesFile");
        if (path.StartsWith("../", StringComparison.Ordinal) || path.StartsWith('/'))
        {
            diagnostics.Add(Rules.VariablesFileInvalid.At(at, $"variables file '{stack.VariablesFile}' is outside the repository; keep it in the repository, relative to {stack.Source.File}"));
            return (values, false);
        }

        var text = files.Read(path);
        if (text is null)
        {
            if (files.Refused.All(r => r.Path != path))
            {
                diagnostics.Add(Rules.VariablesFileInvalid.At(at, $"variables file '{path}' does not exist (spec.variablesFile is relative to {stack.Source.File})"));
            }

            return (values, false);
        }

        var secret = files.HoldsSecret(path);
        var dotenv = path.EndsWith(".env", StringComparison.OrdinalIgnoreCase);
        if (!dotenv && !IsYamlOrJson(path))
        {
            diagnostics.Add(Rules.VariablesFileInvalid.At(at, $"variables file '{path}' must end in .env (NAME=value lines), .yaml, .yml or .json (a flat mapping)"));
            return (values, secret);
        }

        var problem = dotenv ? ReadDotenv(text, values) : ReadMapping(path, text, secret, parsed, values, diagnostics);
        if (problem is not null)
        {
            diagnostics.Add(Rules.VariablesFileInvalid.At(at, $"variables file '{path}': {problem}"));
            values.Clear();
        }

        return (values, secret);
    }

    private static bool IsYamlOrJson(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string? ReadDotenv(string text, Dictionary<string, string> values)
    {
        try
        {
            foreach (var entry in DotenvTree.Read(text).Entries.Where(e => e.Key is not null))
            {
                values[entry.Key!] = ((SopsLeaf)entry.Value).Text;
            }

            return null;
        }
        catch (SopsException e)
        {
            return e.Message;
        }
    }

    private static string? ReadMapping(string path, string text, bool secret, IReadOnlySet<string> parsed, Dictionary<string, string> values, List<Diagnostic> diagnostics)
    {
        var (documents, problems) = YamlReader.Read(path, text);
        if (problems.Count > 0)
        {
            // A .yaml file was read (and its problems reported) with the manifests; a .json one was not.
            if (!parsed.Contains(path))
            {
                diagnostics.AddRange(problems);
            }

            return problems.Any(p => p.Rule.Severity == Severity.Error) ? "it is not valid YAML or JSON" : null;
        }

        if (documents.Count != 1 || documents[0].Root is not System.Text.Json.Nodes.JsonObject map)
        {
            return "it must be one mapping of NAME: value";
        }

        foreach (var (name, node) in map)
        {
            if (JsonRead.Scalar(node) is { } value)
            {
                values[name] = value;
            }
            else if (node is not null && !(secret && name == "sops"))
            {
                return $"'{name}' is a mapping or a list; a variables file holds NAME: value pairs only";
            }
        }

        return null;
    }
}
