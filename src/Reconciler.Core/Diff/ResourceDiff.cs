using System.Text.Json.Nodes;
using Reconciler.Core.Loading;
using Reconciler.Core.Resources;

namespace Reconciler.Core.Diff;

/// <summary>
/// The one diff every provider shares: desired against observed, by key. Providers hand in
/// normalised property trees (engine defaults filled, set-like lists sorted), so equal means
/// equal and a plan right after an apply is empty.
/// </summary>
public static class ResourceDiff
{
    /// <param name="describeCreates">List a created resource's fields too (from nothing to its value): what a
    /// reviewer of a commit needs, where a plan against a cluster keeps a create to one line.</param>
    public static IReadOnlyList<Change> Compute(IEnumerable<Resource> desired, IEnumerable<Resource> observed, bool describeCreates = false)
    {
        var live = new Dictionary<ResourceKey, Resource>();
        foreach (var resource in observed)
        {
            live.TryAdd(resource.Key, resource);
        }

        var changes = new List<Change>();
        var wanted = new HashSet<ResourceKey>();
        foreach (var resource in desired)
        {
            if (!wanted.Add(resource.Key))
            {
                throw new ArgumentException($"two desired resources share the key {resource.Key}", nameof(desired));
            }

            if (!live.TryGetValue(resource.Key, out var current))
            {
                changes.Add(new Change(ChangeAction.Create, resource.Key, resource, null, describeCreates ? Fields(new JsonObject(), resource.Properties) : []));
                continue;
            }

            var fields = Fields(current.Properties, resource.Properties);
            changes.Add(new Change(fields.Count == 0 ? ChangeAction.Unchanged : ChangeAction.Update, resource.Key, resource, current, fields));
        }

        foreach (var (key, resource) in live.Where(l => !wanted.Contains(l.Key)))
        {
            changes.Add(new Change(resource.Owner.Prune ? ChangeAction.Delete : ChangeAction.Orphan, key, null, resource, []));
        }

        return changes;
    }

    /// <summary>Field-level differences; lists are compared whole (providers sort set-like ones).</summary>
    public static IReadOnlyList<FieldChange> Fields(JsonNode? before, JsonNode? after)
    {
        var fields = new List<FieldChange>();
        Walk(before, after, string.Empty, fields);
        return fields;
    }

    private static void Walk(JsonNode? before, JsonNode? after, string pointer, List<FieldChange> fields)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Walk(a[key], b[key], JsonPointers.Child(pointer, key), fields);
            }

            return;
        }

        if (!JsonNode.DeepEquals(before, after))
        {
            fields.Add(new FieldChange(pointer, before?.DeepClone(), after?.DeepClone()));
        }
    }
}
