namespace Reconciler.Core.Diagnostics;

public enum Severity
{
    Error,
    Warning,
}
