namespace Reconciler.Core.Loading;

/// <summary>A repository held in memory: for tests, and for trees read out of git.</summary>
public sealed class InMemoryRepositoryFiles(IReadOnlyDictionary<string, string> files) : IRepositoryFiles
{
    public IEnumerable<string> List() => files.Keys.Order(StringComparer.Ordinal);

    public string? Read(string path) => files.GetValueOrDefault(path);
}
