using System.Text.Json.Nodes;

namespace Reconciler.Core.Diff;

/// <summary>One property that differs, addressed by a JSON pointer into the resource's properties.</summary>
public sealed record FieldChange(string Path, JsonNode? Before, JsonNode? After);
