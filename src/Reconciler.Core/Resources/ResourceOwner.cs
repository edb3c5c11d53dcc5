using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Resources;

/// <summary>
/// What a resource belongs to: the kind and name of the manifest that declares it (a Stack, the
/// Cluster, a Path...), whether that owner allows deleting what left the repository, and where
/// it was declared. The stack is a field, never parsed back out of the text a plan shows.
/// </summary>
public sealed record ResourceOwner(OwnerKind Kind, string? Name, bool Prune, SourceLocation? DeclaredAt = null)
{
    /// <summary>What the plan says about an orphan of this owner, when the usual "set prune: true" does not apply.</summary>
    public string? OrphanAdvice { get; init; }

    /// <summary>The stack the resource belongs to, or null for everything outside a stack (node labels, storage).</summary>
    public string? Stack => Kind == OwnerKind.Stack ? Name : null;

    /// <summary>How plans show the owner: "stack vaultwarden", "cluster homelab", or a bare "storage".</summary>
    public string Display => Name is null ? Word : $"{Word} {Name}";

    /// <summary>
    /// What a deploy verifies and rolls back as one: the stack, or for a resource outside any stack
    /// the owner itself (so a failed node label is reported, and rolled back, as "cluster homelab").
    /// </summary>
    public string Unit => Stack ?? Display;

    public static ResourceOwner OfStack(string stack, bool prune, SourceLocation? declaredAt = null) => new(OwnerKind.Stack, stack, prune, declaredAt);

    private string Word => Kind.ToString().ToLowerInvariant();
}

/// <summary>The manifests that own resources, and <see cref="Storage"/> for what a node holds that no manifest declares any more.</summary>
public enum OwnerKind
{
    Cluster,
    Stack,
    Path,
    Dataset,
    Replication,
    Storage,
}
