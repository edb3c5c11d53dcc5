using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Text;

namespace Reconciler.Core.Planning.Rendering;

/// <summary>Renders a plan as text, markdown or JSON. Sensitive values never appear in any of them.</summary>
public static class PlanRenderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Render(Plan plan, PlanFormat format) => format switch
    {
        PlanFormat.Markdown => Markdown(plan),
        PlanFormat.Json => Json(plan),
        _ => Text(plan),
    };

    private static string Text(Plan plan)
    {
        var text = new StringBuilder();
        foreach (var step in plan.Steps)
        {
            text.Append($"  {PlanValues.Symbol(step.Action)} {T(step.Key.ToString())}  ({T(step.Owner.Display)})\n");
            foreach (var field in step.Fields)
            {
                text.Append($"      {T(PlanValues.Field(field))}: {T(PlanValues.Show(field.Before, step.Sensitive))} -> {T(PlanValues.Show(field.After, step.Sensitive))}\n");
            }
        }

        foreach (var orphan in plan.Orphans)
        {
            text.Append($"  ! {T(orphan.Key.ToString())}  ({T(orphan.Owner.Display)}): {T(PlanValues.OrphanAdvice(orphan))}\n");
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        return text.Append(PlanValues.Summary(plan)).Append('\n').ToString();
    }

    private static string Markdown(Plan plan)
    {
        var text = new StringBuilder("### Reconciler plan\n\n").Append(PlanValues.Summary(plan)).Append('\n');
        if (plan.HasChanges)
        {
            text.Append("\n| | resource | owner | changes |\n|---|---|---|---|\n");
            foreach (var step in plan.Steps)
            {
                var fields = string.Join("<br>", step.Fields.Select(f =>
                    $"{Code(PlanValues.Field(f))}: {Code(PlanValues.Show(f.Before, step.Sensitive))} → {Code(PlanValues.Show(f.After, step.Sensitive))}"));
                text.Append($"| `{PlanValues.Symbol(step.Action)}` | {Code(step.Key.ToString())} | {Code(step.Owner.Display)} | {fields} |\n");
            }
        }

        if (plan.Orphans.Count > 0)
        {
            text.Append("\n**Orphans** (left alone):\n\n");
            foreach (var orphan in plan.Orphans)
            {
                text.Append($"- {Escape.MarkdownText(orphan.Key.ToString())} ({Escape.MarkdownText(orphan.Owner.Display)}): {Escape.MarkdownText(PlanValues.OrphanAdvice(orphan))}\n");
            }
        }

        return text.ToString();
    }

    // Everything below comes from the repository: the markdown goes into a pull-request comment, the text into CI logs.
    private static string Code(string value) => Escape.MarkdownCode(value);

    private static string T(string value) => Escape.Terminal(value);

    private static string Json(Plan plan)
    {
        var document = new JsonObject
        {
            ["hasChanges"] = plan.HasChanges,
            ["summary"] = new JsonObject
            {
                ["create"] = plan.Count(ChangeAction.Create),
                ["update"] = plan.Count(ChangeAction.Update),
                ["delete"] = plan.Count(ChangeAction.Delete),
                ["orphaned"] = plan.Orphans.Count,
                ["unchanged"] = plan.Unchanged,
            },
            ["steps"] = new JsonArray(plan.Steps.Concat(plan.Orphans).Select(Step).ToArray<JsonNode?>()),
        };
        return document.ToJsonString(Indented) + "\n";
    }

    private static JsonObject Step(Change change) => new()
    {
        ["action"] = change.Action.ToString().ToLowerInvariant(),
        ["kind"] = change.Key.Kind,
        ["name"] = change.Key.Name,
        ["node"] = change.Key.Node,
        ["owner"] = change.Owner.Display,
        ["fields"] = new JsonArray(change.Fields.Select(f => (JsonNode)new JsonObject
        {
            ["path"] = f.Path,
            ["before"] = change.Sensitive ? PlanValues.Hidden : f.Before?.DeepClone(),
            ["after"] = change.Sensitive ? PlanValues.Hidden : f.After?.DeepClone(),
        }).ToArray<JsonNode?>()),
    };
}
