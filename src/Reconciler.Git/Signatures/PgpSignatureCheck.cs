namespace Reconciler.Git.Signatures;

/// <summary>
/// An OpenPGP commit signature, checked with gpgv against the trusted keyring only (gpgv has no
/// trust database: a key is trusted because it is in the file, nothing else).
/// </summary>
internal static class PgpSignatureCheck
{
    public const string Marker = "-----BEGIN PGP SIGNATURE-----";

    public static SignatureVerdict Check(string commit, string signature, byte[] signedData, byte[] keyring, string workDirectory)
    {
        var signatureFile = Path.Combine(workDirectory, "signature.asc");
        var keyringFile = Path.Combine(workDirectory, "trusted.gpg");
        File.WriteAllText(signatureFile, signature);
        File.WriteAllBytes(keyringFile, keyring);
        var home = Directory.CreateDirectory(Path.Combine(workDirectory, "gnupg")).FullName;
        var result = SignatureTool.Run("gpgv", ["--homedir", home, "--keyring", keyringFile, "--status-fd", "1", signatureFile, "-"], signedData);

        // Machine-readable status lines (doc/DETAILS in GnuPG): GOODSIG carries the user id,
        // VALIDSIG the fingerprint; NO_PUBKEY and BADSIG say why not.
        var status = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("[GNUPG:] ", StringComparison.Ordinal))
            .Select(l => l[9..].Split(' ', 2))
            .ToLookup(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);
        if (result.ExitCode == 0 && status["GOODSIG"].FirstOrDefault() is { } good && status["VALIDSIG"].FirstOrDefault() is { } valid)
        {
            var user = good.Split(' ', 2) is [_, var uid] ? uid : good;
            return SignatureVerdict.Good(commit, $"{user} (OpenPGP key {valid.Split(' ')[0]})");
        }

        if (status["NO_PUBKEY"].FirstOrDefault() is { } missing)
        {
            return SignatureVerdict.Refused(commit, $"signed by OpenPGP key {missing.Trim()}, which is not in the trusted keys", missing.Trim());
        }

        if (status["BADSIG"].FirstOrDefault() is { } bad)
        {
            return SignatureVerdict.Refused(commit, $"the OpenPGP signature of {bad.Trim()} does not match the commit (altered after signing)", bad.Trim());
        }

        var reason = status["EXPKEYSIG"].Any() ? "the signing key has expired"
            : status["REVKEYSIG"].Any() ? "the signing key was revoked"
            : $"gpgv could not verify it: {result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "no reason given"}";
        return SignatureVerdict.Refused(commit, $"the OpenPGP signature is not trusted: {reason}");
    }
}
