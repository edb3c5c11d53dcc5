using System.Diagnostics.CodeAnalysis;

namespace Reconciler.Core.Compose;

/// <summary>
/// The Stack's variables, noting every name that was looked up and found: how a service's
/// definition comes to know which values it holds (a secret one makes the service sensitive).
/// </summary>
internal sealed class VariableReads(IReadOnlyDictionary<string, string> variables) : IReadOnlyDictionary<string, string>
{
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Read => read;

    public int Count => variables.Count;

    public IEnumerable<string> Keys => variables.Keys;

    public IEnumerable<string> Values => variables.Values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (!variables.TryGetValue(key, out value))
        {
            return false;
        }

        read.Add(key);
        return true;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => variables.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
