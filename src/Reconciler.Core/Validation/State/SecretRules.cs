using System.Text.Json.Nodes;
using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Secrets;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// Secrets in the repository: a SOPS file a compose file or a Stack names must decrypt and verify
/// (when there is a key to try), a compose secret and a Stack's variables file must be
/// SOPS-encrypted where the Cluster's policy requires it, and a plain environment value that looks
/// like a password is worth a warning.
/// </summary>
internal sealed class SecretRules(SecretRepositoryFiles files) : IStateRule
{
    private const int MinimumSecretLength = 16;
    private const double MinimumBitsPerCharacter = 3.5;
    private static readonly string[] SecretNames = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY"];

    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        var required = state.Cluster?.Policy.RequireEncryptedSecrets == true;
        foreach (var stack in state.Stacks.Where(s => s.VariablesPath is not null))
        {
            var path = stack.VariablesPath!;
            var at = stack.Source.Locate("/spec/variablesFile");
            if (Undecryptable(path) is { } problem)
            {
                yield return Rules.SecretUndecryptable.At(at, $"variables file '{path}' of stack '{stack.Name}' cannot be used: {problem}");
            }
            else if (required && Readable(path) && !files.IsEncrypted(path))
            {
                yield return Rules.SecretNotEncrypted.At(at,
                    $"variables file '{path}' of stack '{stack.Name}' is not SOPS-encrypted, and the Cluster's policy.secrets.encrypted is required; encrypt it with `reconciler secrets encrypt {path}` (or sops -e -i), or move plain values to spec.variables");
            }
        }

        foreach (var compose in state.Stacks.Select(state.ComposeOf).OfType<ComposeFile>())
        {
            var objects = compose.Configs.Values.Select(o => (Kind: "config", Object: o))
                .Concat(compose.Secrets.Values.Select(o => (Kind: "secret", Object: o)));
            foreach (var (kind, definition) in objects.Where(o => o.Object.File is not null))
            {
                var path = compose.PathOf(definition.File!);
                var at = compose.Source.Locate(definition.Pointer + "/file");
                if (Undecryptable(path) is { } problem)
                {
                    yield return Rules.SecretUndecryptable.At(at, $"{kind} '{definition.Key}': file '{path}' cannot be used: {problem}");
                }
                else if (required && kind == "secret" && Readable(path) && !files.IsEncrypted(path))
                {
                    yield return Rules.SecretNotEncrypted.At(at,
                        $"secret '{definition.Key}': file '{path}' is not SOPS-encrypted, and the Cluster's policy.secrets.encrypted is required; encrypt it with `reconciler secrets encrypt {path}` (or sops -e -i)");
                }
            }

            foreach (var service in compose.Services)
            {
                // A service that reads a variable from an encrypted variables file holds its value in
                // its environment after interpolation; that value is not plain text in the repository.
                var judgesEnvironment = !service.Variables.Overlaps(compose.SecretVariables);
                foreach (var reference in service.EnvFiles)
                {
                    if (Undecryptable(compose.PathOf(reference.Path)) is { } problem)
                    {
                        yield return Rules.SecretUndecryptable.At(compose.Source.Locate(reference.Pointer),
                            $"env_file of service '{service.Name}': file '{compose.PathOf(reference.Path)}' cannot be used: {problem}");
                    }
                }

                foreach (var (name, value) in service.Environment)
                {
                    if (judgesEnvironment && value is not null && LooksSecret(name, value))
                    {
                        var pointer = service.Definition["environment"] is JsonObject ? JsonPointers.Child(service.Pointer + "/environment", name) : service.Pointer + "/environment";
                        yield return Rules.PlainSecretValue.At(compose.Source.Locate(pointer),
                            $"service '{service.Name}': environment '{name}' looks like a secret in plain text; move it to a SOPS-encrypted env_file or a compose secret");
                    }
                }
            }
        }
    }

    /// <summary>Why a SOPS file cannot be used, or null; a missing or unreadable file is FileReferenceRules' to report.</summary>
    private string? Undecryptable(string path) => Readable(path) ? files.Problem(path) : null;

    private bool Readable(string path)
    {
        try
        {
            return files.Read(path) is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A value named like a credential, or long and random-looking (Shannon entropy per character); references to variables and URLs without credentials are not.</summary>
    internal static bool LooksSecret(string name, string value)
    {
        if (value.Length < 8 || value.Contains("${", StringComparison.Ordinal) || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var upper = name.ToUpperInvariant();
        if (SecretNames.Any(upper.Contains) && !upper.EndsWith("_FILE", StringComparison.Ordinal) && !value.StartsWith('/'))
        {
            return true;
        }

        if (value.Length < MinimumSecretLength || (value.Contains("://", StringComparison.Ordinal) && !value.Contains('@', StringComparison.Ordinal)) || value.StartsWith('/'))
        {
            return false;
        }

        var classes = new[] { value.Any(char.IsLower), value.Any(char.IsUpper), value.Any(char.IsDigit), value.Any(c => !char.IsLetterOrDigit(c)) }.Count(c => c);
        return classes >= 3 && Entropy(value) >= MinimumBitsPerCharacter;
    }

    private static double Entropy(string value) =>
        -value.GroupBy(c => c).Select(g => (double)g.Count() / value.Length).Sum(p => p * Math.Log2(p));
}
