namespace Reconciler.Swarm.Conversion;

/// <summary>Names and labels exactly as docker stack deploy gives them, so stacks can move between the two tools.</summary>
public static class StackNames
{
    /// <summary>The label docker stack deploy puts on every object of a stack.</summary>
    public const string NamespaceLabel = "com.docker.stack.namespace";

    /// <summary>The image as written in the compose file; the docker CLI records it next to the resolved digest.</summary>
    public const string ImageLabel = "com.docker.stack.image";

    /// <summary>The only label prefix reconciler adds of its own.</summary>
    public const string ReconcilerPrefix = "reconciler.";

    public const string CommitLabel = "reconciler.commit";

    /// <summary>
    /// The content hash of a config or secret kept under its explicit name (which, unlike a
    /// generated one, does not carry the hash), so a content change can be told and refused.
    /// </summary>
    public const string ContentLabel = "reconciler.content";

    /// <summary>
    /// Marks objects reconciler created. A whole stack that left the repository is pruned (with
    /// the Cluster's prune: true) only if its objects carry it, so stacks people deploy by hand
    /// with docker stack deploy are never deleted.
    /// </summary>
    public const string ManagedLabel = "reconciler.managed";

    public static IDictionary<string, string> Managed(IDictionary<string, string>? labels)
    {
        var result = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ManagedLabel] = "true",
        };
        return result;
    }

    public static bool IsManaged(IDictionary<string, string>? labels) => labels?.ContainsKey(ManagedLabel) == true;

    public static string Scope(string stack, string name) => $"{stack}_{name}";

    public static IDictionary<string, string> WithNamespace(string stack, IEnumerable<KeyValuePair<string, string>>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? [])
        {
            result[key] = value;
        }

        result[NamespaceLabel] = stack;
        return result;
    }
}
