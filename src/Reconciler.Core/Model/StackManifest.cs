using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

public sealed record StackManifest(
    string Name,
    SourceDocument Source,
    string Compose,
    bool Prune,
    Written<TimeSpan> ConvergenceTimeout,
    IReadOnlyDictionary<string, string> Variables)
    : Manifest(Name, Source)
{
    /// <summary>How long a deploy may take to converge when the manifest does not say (the schema's default).</summary>
    public static Written<TimeSpan> DefaultConvergenceTimeout { get; } = Duration.Read("120s");

    public override string Kind => "Stack";

    /// <summary>
    /// spec.rebalance: when a node comes back ready, the controller spreads the stack's replicated
    /// services that the node's loss piled onto the others (Swarm never moves running tasks back).
    /// </summary>
    public bool Rebalance { get; init; }

    /// <summary>spec.variablesFile as written (relative to this manifest): more values for ${VAR}, possibly SOPS-encrypted.</summary>
    public string? VariablesFile { get; init; }

    /// <summary>The variables file's repository-relative path, or null when the Stack names none.</summary>
    public string? VariablesPath => VariablesFile is null ? null : RepositoryPaths.Combine(Directory, VariablesFile);

    /// <summary>The compose file's repository-relative path (spec.compose is relative to this manifest).</summary>
    public string ComposePath => RepositoryPaths.Combine(Directory, Compose);
}
