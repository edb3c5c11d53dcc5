using System.Text.RegularExpressions;
using Reconciler.Core.Model;

namespace Reconciler.Core.Compose;

/// <summary>
/// A Swarm placement constraint such as <c>node.hostname == atlas</c> or
/// <c>node.labels.storage != primary</c>, evaluated against the Cluster manifest's nodes.
/// Constraints on attributes the repository does not declare (node.id, engine labels, platform)
/// cannot be evaluated here and are assumed to match any node.
/// </summary>
public sealed partial record PlacementConstraint(string Attribute, bool Equal, string Value, string Text)
{
    public static PlacementConstraint? Parse(string text)
    {
        var match = Shape().Match(text);
        return match.Success
            ? new PlacementConstraint(match.Groups[1].Value.Trim(), match.Groups[2].Value == "==", match.Groups[3].Value.Trim(), text)
            : null;
    }

    /// <summary>True for <c>node.hostname == node</c>: the constraint that pins a service to that one node.</summary>
    public bool PinsTo(string node) => Attribute == "node.hostname" && Equal && Value == node;

    /// <summary>The same constraint asking for another value, written as it was (spacing kept).</summary>
    public PlacementConstraint WithValue(string value)
    {
        var at = Text.LastIndexOf(Value, StringComparison.Ordinal); // the value is the last thing in the text but spaces
        return this with { Value = value, Text = Text[..at] + value + Text[(at + Value.Length)..] };
    }

    /// <summary>True when <see cref="Allows(string, NodeRole, IReadOnlyDictionary{string, string})"/> decides it rather than assuming a match.</summary>
    public bool IsEvaluable => Attribute is "node.hostname" or "node.role" || Attribute.StartsWith("node.labels.", StringComparison.Ordinal);

    /// <summary>Does this node satisfy the constraint, as far as the repository can tell?</summary>
    public bool Allows(ClusterNode node) => Allows(node.Name, node.Role, node.Labels);

    /// <summary>Does a node with this hostname, role and labels (declared or live) satisfy the constraint?</summary>
    public bool Allows(string hostname, NodeRole role, IReadOnlyDictionary<string, string> labels)
    {
        string? actual;
        if (Attribute == "node.hostname")
        {
            actual = hostname;
        }
        else if (Attribute == "node.role")
        {
            actual = role.ToString().ToLowerInvariant();
        }
        else if (Attribute.StartsWith("node.labels.", StringComparison.Ordinal))
        {
            actual = labels.TryGetValue(Attribute["node.labels.".Length..], out var label) ? label : null;
        }
        else
        {
            return true;
        }

        return Equal ? string.Equals(actual, Value, StringComparison.Ordinal) : !string.Equals(actual, Value, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*([A-Za-z0-9_.\-]+)\s*(==|!=)\s*(.+?)\s*$")]
    private static partial Regex Shape();
}
