namespace Reconciler.Core.Loading;

/// <summary>
/// The files of a desired-state repository: a directory on disk, a git commit's tree, or an
/// in-memory set in tests. Paths are repository-relative with forward slashes.
/// </summary>
public interface IRepositoryFiles
{
    /// <summary>Every file, excluding hidden directories such as .git and .github.</summary>
    IEnumerable<string> List();

    /// <summary>The file's text, or null when there is no such file.</summary>
    string? Read(string path);
}
