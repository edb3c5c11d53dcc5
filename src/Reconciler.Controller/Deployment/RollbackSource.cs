using Reconciler.Core.Loading;

namespace Reconciler.Controller.Deployment;

/// <summary>Where a failed deploy goes back to: the last commit whose apply converged, and its files.</summary>
public sealed record RollbackSource(string Commit, Func<IRepositoryFiles> Files);
