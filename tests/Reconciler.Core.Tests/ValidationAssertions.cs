using Reconciler.Core.Diagnostics;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

internal static class ValidationAssertions
{
    /// <summary>Exactly one diagnostic, of this rule, at this place.</summary>
    public static Diagnostic Single(this ValidationReport report, Rule rule, SourceLocation at)
    {
        var diagnostic = Assert.Single(report.Diagnostics);
        Assert.Equal(rule.Code, diagnostic.Code);
        Assert.Equal(at, diagnostic.Location);
        return diagnostic;
    }

    /// <summary>Among possibly several diagnostics, one of this rule at this place.</summary>
    public static Diagnostic One(this ValidationReport report, Rule rule, SourceLocation at) =>
        Assert.Single(report.Diagnostics, d => d.Code == rule.Code && d.Location == at);

    public static Diagnostic Single(this ValidationReport report, Rule rule)
    {
        var diagnostic = Assert.Single(report.Diagnostics);
        Assert.Equal(rule.Code, diagnostic.Code);
        return diagnostic;
    }
}
