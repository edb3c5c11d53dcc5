using Reconciler.Core.Model;

namespace Reconciler.Git;

/// <summary>
/// What the controller follows: a remote URL (file://, https://, ssh://) and one of a branch, a
/// tag or a pinned commit, plus how to authenticate. Secrets are read from files or the
/// environment when needed and never logged.
/// </summary>
public sealed record GitSource(string Url, string? Branch, string? Tag, string? Commit)
{
    public string? TokenFile { get; init; }

    public string? TokenVariable { get; init; }

    public string? SshKeyFile { get; init; }

    public string? KnownHostsFile { get; init; }

    /// <summary>What is followed, for status and logs: "branch main", "tag v1.2", "commit 1a2b3c4d5e6f".</summary>
    public string Describe() =>
        Commit is { } commit ? $"commit {CommitId.Short(commit)}" : Tag is { } tag ? $"tag {tag}" : $"branch {Branch ?? "main"}";
}
