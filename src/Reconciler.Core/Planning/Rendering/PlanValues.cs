using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;

namespace Reconciler.Core.Planning.Rendering;

/// <summary>How values, fields and actions read in every plan format.</summary>
internal static class PlanValues
{
    public const string Hidden = "(sensitive)";

    public static string Show(JsonNode? value, bool sensitive) =>
        sensitive ? Hidden : value is null ? "(none)" : value.ToJsonString();

    public static string Field(FieldChange field) => JsonPointers.ToDisplay(field.Path);

    public static char Symbol(ChangeAction action) => action switch
    {
        ChangeAction.Create => '+',
        ChangeAction.Update => '~',
        ChangeAction.Delete => '-',
        ChangeAction.Orphan => '!',
        _ => '=',
    };

    public static string Summary(Plan plan) =>
        plan.HasChanges || plan.Orphans.Count > 0
            ? $"Plan: {plan.Count(ChangeAction.Create)} to create, {plan.Count(ChangeAction.Update)} to update, {plan.Count(ChangeAction.Delete)} to delete, {plan.Orphans.Count} orphaned, {plan.Unchanged} unchanged."
            : $"No changes. The cluster matches the repository ({plan.Unchanged} resources).";

    public static string OrphanAdvice(Change orphan) =>
        orphan.Owner.OrphanAdvice ?? $"not in the repository any more; left alone (set prune: true on {orphan.Owner.Display} to delete it)";
}
