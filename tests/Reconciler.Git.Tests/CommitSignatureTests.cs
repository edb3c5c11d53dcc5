using Reconciler.Git.Signatures;
using Reconciler.Tests.Shared;

namespace Reconciler.Git.Tests;

/// <summary>Commit signatures made by real git with real keys, checked with ssh-keygen and gpgv.</summary>
public sealed class CommitSignatureTests : IDisposable
{
    private readonly SigningKeys keys = new();

    [Fact]
    public void A_commit_signed_by_an_allowed_ssh_key_is_trusted_and_names_its_signer()
    {
        var alice = keys.SshKey("alice");
        var commit = keys.CommitSshSigned("signed", alice);

        var report = Verify(commit, null, VerifyMode.Tip, keys.AllowedSigners("alice@example.org", alice));

        Assert.True(report.Trusted);
        Assert.Contains("alice@example.org", report.Verdicts.Single().Signer, StringComparison.Ordinal);
        Assert.Contains("ED25519 key SHA256:", report.Verdicts.Single().Signer, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsigned_commit_is_refused()
    {
        var alice = keys.SshKey("alice");
        var commit = keys.CommitUnsigned("unsigned");

        var report = Verify(commit, null, VerifyMode.Tip, keys.AllowedSigners("alice@example.org", alice));

        Assert.False(report.Trusted);
        Assert.Equal("not signed", report.FirstRefusal!.Reason);
        Assert.Null(report.FirstRefusal.Signer);
    }

    [Fact]
    public void A_commit_signed_by_a_key_not_in_the_file_is_refused_with_that_keys_fingerprint()
    {
        var alice = keys.SshKey("alice");
        var mallory = keys.SshKey("mallory");
        var commit = keys.CommitSshSigned("signed by someone else", mallory);

        var report = Verify(commit, null, VerifyMode.Tip, keys.AllowedSigners("alice@example.org", alice));

        Assert.False(report.Trusted);
        Assert.StartsWith("signed by an OpenSSH key ED25519 key SHA256:", report.FirstRefusal!.Reason, StringComparison.Ordinal);
        Assert.EndsWith("that is not in the trusted keys", report.FirstRefusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ssh_signed_commit_altered_after_signing_is_refused()
    {
        var alice = keys.SshKey("alice");
        var tampered = keys.Tampered(keys.CommitSshSigned("original", alice));

        var report = Verify(tampered, null, VerifyMode.Tip, keys.AllowedSigners("alice@example.org", alice));

        Assert.False(report.Trusted);
        Assert.Contains("does not verify", report.FirstRefusal!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_commit_signed_by_a_key_in_the_keyring_is_trusted_whether_the_keyring_is_armoured_or_binary(bool armored)
    {
        var home = keys.GpgKey("carol@example.org");
        var commit = keys.CommitGpgSigned("pgp signed", home);

        var report = Verify(commit, null, VerifyMode.Tip, keys.ExportPublic(home, armored));

        Assert.True(report.Trusted, report.FirstRefusal?.Reason);
        Assert.StartsWith("Test <carol@example.org> (OpenPGP key ", report.Verdicts.Single().Signer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pgp_commit_signed_by_another_key_or_altered_is_refused()
    {
        var carol = keys.GpgKey("carol@example.org");
        var dave = keys.GpgKey("dave@example.org");
        var byDave = keys.CommitGpgSigned("dave signs", dave);
        var altered = keys.Tampered(keys.CommitGpgSigned("carol signs", carol));
        var keyring = keys.ExportPublic(carol, armored: true);

        var unknown = Verify(byDave, null, VerifyMode.Tip, keyring).FirstRefusal!;
        var tampered = Verify(altered, null, VerifyMode.Tip, keyring).FirstRefusal!;

        Assert.Matches("^signed by OpenPGP key [0-9A-F]{16}, which is not in the trusted keys$", unknown.Reason);
        Assert.Contains("does not match the commit", tampered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_of_the_other_kind_is_refused_and_says_which_keys_are_trusted()
    {
        var alice = keys.SshKey("alice");
        var carol = keys.GpgKey("carol@example.org");
        var commit = keys.CommitSshSigned("ssh signed", alice);

        var report = Verify(commit, null, VerifyMode.Tip, keys.ExportPublic(carol, armored: false));

        Assert.Contains("signed with an OpenSSH key, but the trusted keys", report.FirstRefusal!.Reason, StringComparison.Ordinal);
        Assert.EndsWith("are OpenPGP keys", report.FirstRefusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode_all_refuses_an_unsigned_commit_between_the_last_applied_one_and_a_signed_tip()
    {
        var alice = keys.SshKey("alice");
        var allowed = keys.AllowedSigners("alice@example.org", alice);
        var applied = keys.CommitSshSigned("applied", alice);
        var sneaked = keys.CommitUnsigned("sneaked in");
        var tip = keys.CommitSshSigned("tip", alice);

        var tipOnly = Verify(tip, applied, VerifyMode.Tip, allowed);
        var all = Verify(tip, applied, VerifyMode.All, allowed);

        Assert.True(tipOnly.Trusted);
        Assert.False(all.Trusted);
        Assert.Equal([tip, sneaked], all.Verdicts.Select(v => v.Commit));
        Assert.Equal(sneaked, all.FirstRefusal!.Commit);
    }

    [Fact]
    public void Mode_all_with_nothing_applied_yet_checks_only_the_tip()
    {
        var alice = keys.SshKey("alice");
        keys.CommitUnsigned("history before signing began");
        var tip = keys.CommitSshSigned("first signed", alice);

        var report = Verify(tip, null, VerifyMode.All, keys.AllowedSigners("alice@example.org", alice));

        Assert.True(report.Trusted);
        Assert.Equal(tip, report.Verdicts.Single().Commit);
    }

    [Fact]
    public void A_keys_file_that_is_missing_or_empty_is_refused_with_its_path()
    {
        var empty = Path.Combine(keys.Repository, "empty");
        File.WriteAllText(empty, string.Empty);

        var missing = Assert.Throws<InvalidDataException>(() => TrustedKeys.Load("/nonexistent/allowed_signers"));
        var blank = Assert.Throws<InvalidDataException>(() => TrustedKeys.Load(empty));

        Assert.Equal("the trusted keys file /nonexistent/allowed_signers does not exist", missing.Message);
        Assert.Equal($"the trusted keys file {empty} is empty", blank.Message);
    }

    public void Dispose() => keys.Dispose();

    private SignatureReport Verify(string commit, string? since, VerifyMode mode, string keyFile)
    {
        using var tree = GitWorkTree.Find(keys.Repository)!;
        return tree.VerifySignatures(commit, since, mode, TrustedKeys.Load(keyFile));
    }
}
