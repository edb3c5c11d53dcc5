namespace Reconciler.Core.Diagnostics;

/// <summary>A problem found in the desired state: a value, never an exception.</summary>
public sealed record Diagnostic(Rule Rule, SourceLocation Location, string Message)
{
    public string Code => Rule.Code;

    public Severity Severity => Rule.Severity;

    public override string ToString() =>
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}
