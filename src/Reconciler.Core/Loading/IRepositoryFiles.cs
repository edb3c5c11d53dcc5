namespace Reconciler.Core.Loading;

/// <summary>
/// The files of a desired-state repository: a directory on disk, a git commit's tree, or an
/// in-memory set in tests. Paths are repository-relative with forward slashes.
/// </summary>
public interface IRepositoryFiles
{
    /// <summary>Every file, excluding hidden directories such as .git and .github, and excluding refused files.</summary>
    IEnumerable<string> List();

    /// <summary>The file's text, or null when there is no such file or it was refused.</summary>
    string? Read(string path);

    /// <summary>
    /// The file's exact bytes, or null like <see cref="Read"/>: what a Swarm config or secret
    /// holds, which need not be text.
    /// </summary>
    byte[]? ReadBytes(string path) => Read(path) is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : null;

    /// <summary>
    /// The files found by <see cref="List"/> or asked for by <see cref="Read"/> that were not
    /// read: links out of the repository, FIFOs and devices, files over a budget.
    /// </summary>
    IReadOnlyList<RefusedFile> Refused { get; }

    /// <summary>Whether the file's content is a secret that plans must not show (it was SOPS-encrypted in the repository).</summary>
    bool HoldsSecret(string path) => false;
}
