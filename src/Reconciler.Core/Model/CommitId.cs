using System.Diagnostics.CodeAnalysis;

namespace Reconciler.Core.Model;

/// <summary>How a commit id is shown to people: its first 12 characters, enough to be unique in any real repository.</summary>
public static class CommitId
{
    /// <summary>The first 12 characters of <paramref name="commit"/> (all of a shorter one); null stays null so each caller says what "none" reads as.</summary>
    [return: NotNullIfNotNull(nameof(commit))]
    public static string? Short(string? commit) => commit?[..Math.Min(12, commit.Length)];
}
