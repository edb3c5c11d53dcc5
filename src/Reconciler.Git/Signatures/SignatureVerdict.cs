using Reconciler.Core.Model;

namespace Reconciler.Git.Signatures;

/// <summary>What was found on one commit: trusted or not, who signed it (when that could be told), and why.</summary>
public sealed record SignatureVerdict(string Commit, bool Trusted, string? Signer, string Reason)
{
    public static SignatureVerdict Good(string commit, string signer) => new(commit, true, signer, $"signed by {signer}");

    public static SignatureVerdict Refused(string commit, string reason, string? signer = null) => new(commit, false, signer, reason);

    /// <summary>One line for status, notifications and the CLI.</summary>
    public string Describe() => $"commit {CommitId.Short(Commit)}: {Reason}";
}
