using LibGit2Sharp;
using Reconciler.Core.Model;

namespace Reconciler.Git.Signatures;

/// <summary>
/// Checks that the commits a deploy would take are signed by a trusted key, as Flux's commit
/// verification does: an unsigned commit, or one signed by a key not in the file, is refused.
/// </summary>
public static class CommitSignatures
{
    /// <summary>A signature header is a few KiB; more is not a signature worth running a tool on.</summary>
    private const int MaxSignatureLength = 64 * 1024;

    /// <summary>A commit object is small; a huge one is refused rather than piped through a tool.</summary>
    private const int MaxSignedDataLength = 1024 * 1024;

    /// <summary>Bounds the walk of <see cref="VerifyMode.All"/>; past it the deploy is refused, not slowed.</summary>
    private const int MaxCommits = 1000;

    internal static SignatureReport Check(Repository repository, string tip, string? since, VerifyMode mode, TrustedKeys keys)
    {
        var commits = mode == VerifyMode.Tip || since is null || since == tip
            ? [tip]
            : Range(repository, tip, since);
        if (commits.Count > MaxCommits)
        {
            return new SignatureReport([SignatureVerdict.Refused(tip,
                $"more than {MaxCommits} commits since the last applied commit {CommitId.Short(since)}; check them in tip mode once, then return to all")]);
        }

        var work = Directory.CreateTempSubdirectory("reconciler-verify-");
        try
        {
            return new SignatureReport(commits.Select(c => CheckOne(repository, c, keys, work.FullName)).ToList());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Commits reachable from <paramref name="tip"/> that <paramref name="since"/> did not already contain, newest first.</summary>
    private static List<string> Range(Repository repository, string tip, string since)
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = repository.Lookup<Commit>(since) is null ? null : since,
            SortBy = CommitSortStrategies.Topological,
        };
        return repository.Commits.QueryBy(filter).Take(MaxCommits + 1).Select(c => c.Sha).ToList();
    }

    private static SignatureVerdict CheckOne(Repository repository, string sha, TrustedKeys keys, string work)
    {
        var commit = repository.Lookup<Commit>(sha);
        if (commit is null)
        {
            return SignatureVerdict.Refused(sha, "the commit is not in the repository");
        }

        SignatureInfo info;
        try
        {
            info = Commit.ExtractSignature(repository, commit.Id);
        }
        catch (NotFoundException)
        {
            return SignatureVerdict.Refused(sha, "not signed");
        }

        if (info.Signature.Length > MaxSignatureLength || info.SignedData.Length > MaxSignedDataLength)
        {
            return SignatureVerdict.Refused(sha, "the signature or the commit is too large to check");
        }

        var data = System.Text.Encoding.UTF8.GetBytes(info.SignedData);
        var kind = info.Signature.TrimStart() switch
        {
            var s when s.StartsWith(SshSignatureCheck.Marker, StringComparison.Ordinal) => TrustedKeyKind.OpenSsh,
            var s when s.StartsWith(PgpSignatureCheck.Marker, StringComparison.Ordinal) => TrustedKeyKind.OpenPgp,
            _ => (TrustedKeyKind?)null,
        };
        if (kind is null)
        {
            return SignatureVerdict.Refused(sha, "signed in a format reconciler cannot check (only OpenSSH and OpenPGP signatures are)");
        }

        if (kind != keys.Kind)
        {
            return SignatureVerdict.Refused(sha, $"signed with an {Name(kind.Value)} key, but the trusted keys ({keys.File}) are {Name(keys.Kind)} keys");
        }

        var directory = Directory.CreateDirectory(Path.Combine(work, sha)).FullName;
        return kind == TrustedKeyKind.OpenSsh
            ? SshSignatureCheck.Check(sha, info.Signature, data, keys.File, directory)
            : PgpSignatureCheck.Check(sha, info.Signature, data, keys.Content, directory);
    }

    private static string Name(TrustedKeyKind kind) => kind == TrustedKeyKind.OpenSsh ? "OpenSSH" : "OpenPGP";
}
