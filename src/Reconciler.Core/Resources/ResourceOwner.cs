using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Resources;

/// <summary>
/// What a resource belongs to: a stack or manifest name (for example "stack vaultwarden"),
/// whether its owner allows deleting what left the repository, and where it was declared.
/// </summary>
public sealed record ResourceOwner(string Name, bool Prune, SourceLocation? DeclaredAt = null)
{
    /// <summary>What the plan says about an orphan of this owner, when the usual "set prune: true" does not apply.</summary>
    public string? OrphanAdvice { get; init; }
}
