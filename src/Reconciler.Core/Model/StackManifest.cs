using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

public sealed record StackManifest(
    string Name,
    SourceDocument Source,
    string Compose,
    bool Prune,
    string ConvergenceTimeout,
    IReadOnlyDictionary<string, string> Variables)
    : Manifest(Name, Source)
{
    public const string DefaultConvergenceTimeout = "120s";

    public override string Kind => "Stack";

    /// <summary>The compose file's repository-relative path (spec.compose is relative to this manifest).</summary>
    public string ComposePath => RepositoryPaths.Combine(Directory, Compose);
}
