using Reconciler.Controller.Ports;
using Reconciler.Core.Loading;
using Reconciler.Git;
using Reconciler.Git.Signatures;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>A git source held in memory: commits are file sets, the tip is whatever the test pushed last.</summary>
internal sealed class FakeSource : IDesiredStateSource
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> commits = new(StringComparer.Ordinal);

    public string? Tip { get; private set; }

    /// <summary>When set, the remote cannot be reached.</summary>
    public string? Unreachable { get; set; }

    public bool VerifiesSignatures { get; set; }

    /// <summary>The signature verdict for each commit; a commit without one is unsigned.</summary>
    public Dictionary<string, SignatureVerdict> Signatures { get; } = new(StringComparer.Ordinal);

    public List<string> FilesRead { get; } = [];

    public string Push(string commit, IReadOnlyDictionary<string, string> files)
    {
        commits[commit] = files;
        Tip = commit;
        return commit;
    }

    public string Fetch() => Unreachable is { } why ? throw new GitSourceException(why) : Tip ?? throw new GitSourceException("nothing pushed");

    public IRepositoryFiles FilesAt(string commit)
    {
        FilesRead.Add(commit);
        return new InMemoryRepositoryFiles(commits[commit]);
    }

    public string Subject(string commit) => $"subject of {commit}";

    public SignatureReport VerifySignatures(string commit, string? since) =>
        new([Signatures.GetValueOrDefault(commit) ?? new SignatureVerdict(commit, false, null, "no signature")]);
}
