using Reconciler.Core.Diff;

namespace Reconciler.Core.Planning;

/// <summary>A provider's apply step: carries out one change of a kind it handles.</summary>
public interface IChangeApplier
{
    bool Handles(string kind);

    Task ApplyAsync(Change change, CancellationToken cancellationToken);
}
