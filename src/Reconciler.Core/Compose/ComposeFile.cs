using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Compose;

/// <summary>
/// A stack's compose file after interpolation and compose's type coercion: the one model both
/// the validator and the Swarm converter read, so what is checked is what is deployed.
/// </summary>
public sealed record ComposeFile(SourceDocument Source, IReadOnlyList<ComposeService> Services)
{
    public IReadOnlyDictionary<string, ComposeVolume> Volumes { get; init; } = new Dictionary<string, ComposeVolume>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ComposeNetwork> Networks { get; init; } = new Dictionary<string, ComposeNetwork>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ComposeObject> Configs { get; init; } = new Dictionary<string, ComposeObject>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ComposeObject> Secrets { get; init; } = new Dictionary<string, ComposeObject>(StringComparer.Ordinal);

    /// <summary>The variables whose values came from a SOPS-encrypted variables file: a service that reads one is sensitive.</summary>
    public IReadOnlySet<string> SecretVariables { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public ComposeService? FindService(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>A file the compose file names (env_file, configs, secrets), as a repository path: relative to the compose file.</summary>
    public string PathOf(string relative)
    {
        var slash = Source.File.LastIndexOf('/');
        return RepositoryPaths.Combine(slash < 0 ? string.Empty : Source.File[..slash], relative);
    }
}
