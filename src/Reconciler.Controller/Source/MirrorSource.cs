using Reconciler.Controller.Configuration;
using Reconciler.Controller.Ports;
using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Git;
using Reconciler.Git.Signatures;

namespace Reconciler.Controller.Source;

/// <summary>
/// The controller's git mirror as the cycle's source of desired state, scoped to <c>repository.path</c>;
/// its SOPS files read decrypted with the configured age key (without one, a commit that has
/// them fails validation and is rejected).
/// </summary>
public sealed class MirrorSource(RepositoryMirror mirror, RepositoryOptions repository, ISopsMasterKeys? secrets = null) : IDesiredStateSource
{
    public string Fetch() => mirror.Fetch();

    public IRepositoryFiles FilesAt(string commit) => new SecretRepositoryFiles(mirror.FilesAt(commit, repository.Path), secrets, SecretAccess.Plaintext);

    public string Subject(string commit) => mirror.Subject(commit);

    public bool VerifiesSignatures => repository.Verify is not null;

    public SignatureReport VerifySignatures(string commit, string? since)
    {
        var verify = repository.Verify ?? throw new InvalidOperationException("repository.verify is not configured");
        return mirror.VerifySignatures(commit, since, Enum.Parse<VerifyMode>(verify.Mode, ignoreCase: true), TrustedKeys.Load(verify.Keys));
    }
}
