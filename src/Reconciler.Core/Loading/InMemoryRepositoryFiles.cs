namespace Reconciler.Core.Loading;

/// <summary>A repository held in memory, for tests; held to the same byte budgets as one on disk.</summary>
public sealed class InMemoryRepositoryFiles(IReadOnlyDictionary<string, string> files) : IRepositoryFiles
{
    private readonly ReadLedger ledger = new();

    public IReadOnlyList<RefusedFile> Refused => ledger.Refused;

    public IEnumerable<string> List() => files.Keys.Order(StringComparer.Ordinal);

    public string? Read(string path) =>
        files.TryGetValue(path, out var text) && ledger.Admit(path, System.Text.Encoding.UTF8.GetByteCount(text)) ? text : null;
}
