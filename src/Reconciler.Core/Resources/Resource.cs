using System.Text.Json.Nodes;

namespace Reconciler.Core.Resources;

/// <summary>
/// A resource as the diff sees it: a key, a normalised property tree (what is compared) and
/// who owns it (the stack or manifest it came from, for the plan and for prune safety).
/// Apply order comes from the kind, in the order its provider declares, and from
/// <see cref="After"/> (see Planner). A sensitive resource's values are never rendered.
/// </summary>
public sealed record Resource(ResourceKey Key, JsonObject Properties, ResourceOwner Owner)
{
    public bool Sensitive { get; init; }

    /// <summary>
    /// What must be applied before this one when both change in one plan, whatever their kinds'
    /// order says (a directory inside a dataset is made after the dataset is mounted). Only a
    /// desired resource's list counts; a provider declares it and the planner obeys it.
    /// </summary>
    public IReadOnlyList<ResourceKey> After { get; init; } = [];

    /// <summary>What the provider sends to create or update it; desired resources carry one,
    /// observed ones may have none. The properties are a normalised view of it for comparing and rendering.</summary>
    public ResourcePayload? Payload { get; init; }
}
