
namespace Reconciler.Core.Loading;

/// <summary>A desired-state repository read from a directory on disk (a checkout or a plain folder).</summary>
public sealed class DirectoryRepositoryFiles(string root) : IRepositoryFiles
{
    private readonly string root = Path.GetFullPath(root);

    public IEnumerable<string> List()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "*", options)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
    }

    public string? Read(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        var inside = full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(full) ? File.ReadAllText(full) : null;
    }
}
