namespace Reconciler.Core.Diagnostics.Formatting;

/// <summary>How <c>reconciler validate</c> prints its findings.</summary>
public enum DiagnosticFormat
{
    /// <summary>Compiler-style lines: file:line:col: error CODE: message.</summary>
    Text,

    /// <summary>One JSON document for tools.</summary>
    Json,

    /// <summary>GitHub/Gitea Actions workflow commands, shown as annotations on the pull request.</summary>
    Github,
}
