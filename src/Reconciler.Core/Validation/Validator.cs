using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Secrets;
using Reconciler.Core.Validation.Fields;
using Reconciler.Core.Validation.State;

namespace Reconciler.Core.Validation;

/// <summary>The outcome of load and validate: the model (possibly partial) and every problem found.</summary>
public sealed record ValidationReport(DesiredState State, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Diagnostics.All(d => d.Severity != Core.Diagnostics.Severity.Error);
}

/// <summary>Load → validate: structure, then field formats, then rules across the repository.</summary>
public static class Validator
{
    private static readonly IStateRule[] StateRules =
        [new UniquenessRules(), new ReferenceRules(), new MountPolicyRules(), new HostAccessRules(), new StoragePolicyRules(), new SingleWriterRules()];

    /// <summary>
    /// Loads and checks a repository. SOPS files read through <paramref name="files"/> when it is a
    /// <see cref="SecretRepositoryFiles"/> (decrypted with its key); any other source reads them
    /// as a review does, without a key.
    /// </summary>
    public static ValidationReport Validate(IRepositoryFiles files, IReadOnlyDictionary<string, string>? environment = null)
    {
        var secrets = SecretRepositoryFiles.ForReview(files);
        files = secrets;
        var (state, diagnostics) = RepositoryLoader.Load(files, environment);
        var all = new List<Diagnostic>(diagnostics);
        foreach (var manifest in state.Manifests)
        {
            all.AddRange(FieldRules(manifest));
        }

        foreach (var rule in StateRules.Append(new FileReferenceRules(files)).Append(new SecretRules(secrets)))
        {
            all.AddRange(rule.Check(state));
        }

        var ordered = all.Distinct()
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        return new ValidationReport(state, ordered);
    }

    private static IEnumerable<Diagnostic> FieldRules(Manifest manifest) => manifest switch
    {
        ClusterManifest m => new ClusterFieldRules().Validate(m).ToDiagnostics(m),
        StackManifest m => new StackFieldRules().Validate(m).ToDiagnostics(m),
        PathManifest m => new PathFieldRules().Validate(m).ToDiagnostics(m),
        DatasetManifest m => new DatasetFieldRules().Validate(m).ToDiagnostics(m),
        ReplicationManifest m => new ReplicationFieldRules().Validate(m).ToDiagnostics(m),
        _ => [],
    };
}
