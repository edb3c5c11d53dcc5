using Reconciler.Core.Resources;

namespace Reconciler.Core.Diff;

/// <summary>What has to happen to one resource, with the field-level differences of an update.</summary>
public sealed record Change(ChangeAction Action, ResourceKey Key, Resource? Desired, Resource? Observed, IReadOnlyList<FieldChange> Fields)
{
    /// <summary>The owner to show: the desired one when there is one, else the observed one.</summary>
    public ResourceOwner Owner => (Desired ?? Observed)!.Owner;

    public bool Sensitive => Desired?.Sensitive == true || Observed?.Sensitive == true;
}
