using System.Text.Json.Serialization;

namespace Reconciler.Core.Diagnostics.Formatting;

/// <summary>The document `--format json` prints: what CI tools and editors read.</summary>
internal sealed record DiagnosticsDocument(bool Valid, int Errors, int Warnings, IReadOnlyList<DiagnosticEntry> Diagnostics);

internal sealed record DiagnosticEntry(string File, int Line, int Column, string Severity, string Code, string Title, string Message);

/// <summary>Generated at build time: no reflection, so it works under Native AOT and costs no start-up.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DiagnosticsDocument))]
internal sealed partial class DiagnosticsJson : JsonSerializerContext;
