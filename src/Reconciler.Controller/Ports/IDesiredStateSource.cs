using Reconciler.Core.Loading;
using Reconciler.Git.Signatures;

namespace Reconciler.Controller.Ports;

/// <summary>
/// Where the desired state comes from, as the cycle needs it: the tracked tip, a commit's files
/// and subject, and its signatures. Failures to reach the remote are <see cref="Git.GitSourceException"/>.
/// </summary>
public interface IDesiredStateSource
{
    /// <summary>Fetches and returns the commit the controller follows.</summary>
    string Fetch();

    IRepositoryFiles FilesAt(string commit);

    string Subject(string commit);

    /// <summary>Whether only signed commits may be applied (<c>repository.verify</c>).</summary>
    bool VerifiesSignatures { get; }

    /// <summary>Checks the commits since <paramref name="since"/> up to <paramref name="commit"/> against the trusted keys.
    /// Throws <see cref="InvalidDataException"/> or <see cref="SignatureCheckException"/> when the keys or the tool are at fault.</summary>
    SignatureReport VerifySignatures(string commit, string? since);
}
