using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconciler.Core.Text;

namespace Reconciler.Core.Diagnostics.Formatting;

/// <summary>Renders diagnostics in each <see cref="DiagnosticFormat"/>; pure text in, text out.</summary>
public static class DiagnosticFormatter
{
    public static string Format(IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format) => format switch
    {
        DiagnosticFormat.Json => Json(diagnostics),
        DiagnosticFormat.Github => Github(diagnostics),
        _ => Text(diagnostics),
    };

    public static string Summary(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count - errors;
        return errors == 0 && warnings == 0
            ? "valid: no problems found"
            : string.Create(CultureInfo.InvariantCulture, $"{(errors == 0 ? "valid" : "invalid")}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
    }

    private static string Text(IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            text.Append(Escape.Terminal(diagnostic.ToString())).Append('\n');
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<Diagnostic> diagnostics)
    {
        var document = new DiagnosticsDocument(
            Valid: diagnostics.All(d => d.Severity != Severity.Error),
            Errors: diagnostics.Count(d => d.Severity == Severity.Error),
            Warnings: diagnostics.Count(d => d.Severity == Severity.Warning),
            Diagnostics: diagnostics.Select(d => new DiagnosticEntry(
                File: d.Location.File,
                Line: d.Location.Line,
                Column: d.Location.Column,
                Severity: d.Severity == Severity.Error ? "error" : "warning",
                Code: d.Code,
                Title: d.Rule.Title,
                Message: d.Message)).ToList());
        return JsonSerializer.Serialize(document, DiagnosticsJson.Default.DiagnosticsDocument) + "\n";
    }

    private static string Github(IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"::{(d.Severity == Severity.Error ? "error" : "warning")} file={Property(d.Location.File)},line={d.Location.Line},col={d.Location.Column},title={Property(d.Code + " " + d.Rule.Title)}::{Data(d.Message)}\n");
        }

        return text.ToString();
    }

    private static string Data(string value) => Escape.WorkflowData(value);

    private static string Property(string value) => Escape.WorkflowProperty(value);
}
