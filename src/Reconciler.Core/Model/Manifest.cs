using Reconciler.Core.Loading;

namespace Reconciler.Core.Model;

/// <summary>One document of the repository: a kind, a name and where it was written.</summary>
public abstract record Manifest(string Name, SourceDocument Source)
{
    public abstract string Kind { get; }

    /// <summary>Directory of the manifest file, repository-relative ("" at the root).</summary>
    public string Directory => Source.File.Contains('/', StringComparison.Ordinal) ? Source.File[..Source.File.LastIndexOf('/')] : string.Empty;
}
