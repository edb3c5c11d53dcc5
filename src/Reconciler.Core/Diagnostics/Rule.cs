namespace Reconciler.Core.Diagnostics;

/// <summary>A validation rule with a stable code that users can search for and CI can match on.</summary>
public sealed record Rule(string Code, Severity Severity, string Title)
{
    public Diagnostic At(SourceLocation location, string message) => new(this, location, message);
}
