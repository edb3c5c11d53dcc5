namespace Reconciler.Core.Resources;

/// <summary>
/// Identifies one managed thing: its kind (service, network, config, secret, node-label,
/// path, dataset, ...), its name, and the node it lives on when it lives on one node.
/// </summary>
public sealed record ResourceKey(string Kind, string Name, string? Node = null) : IComparable<ResourceKey>
{
    public int CompareTo(ResourceKey? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => Node is null ? $"{Kind} {Name}" : $"{Kind} {Name} on {Node}";
}
