namespace Reconciler.Git.Signatures;

/// <summary>
/// An OpenSSH commit signature (<c>gpg.format=ssh</c>), checked as git does: find the principal
/// whose key made it in the allowed-signers file, then verify it in git's "git" namespace.
/// </summary>
internal static class SshSignatureCheck
{
    public const string Marker = "-----BEGIN SSH SIGNATURE-----";

    public static SignatureVerdict Check(string commit, string signature, byte[] signedData, string allowedSigners, string workDirectory)
    {
        var signatureFile = Path.Combine(workDirectory, "signature");
        File.WriteAllText(signatureFile, signature);
        var principals = SignatureTool.Run("ssh-keygen", ["-Y", "find-principals", "-f", allowedSigners, "-s", signatureFile], []);
        var principal = principals.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (principals.ExitCode != 0 || principal is null)
        {
            var key = KeyOf(SignatureTool.Run("ssh-keygen", ["-Y", "check-novalidate", "-n", "git", "-s", signatureFile], signedData).Output);
            return SignatureVerdict.Refused(commit, $"signed by an OpenSSH key{(key is null ? string.Empty : " " + key)} that is not in the trusted keys", key);
        }

        var verify = SignatureTool.Run("ssh-keygen", ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", "git", "-s", signatureFile], signedData);
        return verify.ExitCode == 0
            ? SignatureVerdict.Good(commit, $"{principal} ({KeyOf(verify.Output) ?? "OpenSSH key"})")
            : SignatureVerdict.Refused(commit, $"the OpenSSH signature of {principal} does not verify: {FirstLine(verify.Error)}", principal);
    }

    /// <summary>The "ED25519 key SHA256:…" part of ssh-keygen's "Good signature" line.</summary>
    private static string? KeyOf(string output)
    {
        var at = output.IndexOf(" with ", StringComparison.Ordinal);
        return at < 0 ? null : output[(at + 6)..].Trim();
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no reason given";
}
