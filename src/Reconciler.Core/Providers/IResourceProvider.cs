using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Providers;

/// <summary>
/// One provider (the Swarm, the nodes' storage): the one thing that knows a part of the cluster.
/// It observes, and its observation applies and verifies; the core only diffs, orders providers
/// and renders. Kept this small on purpose, as Testcontainers' narrow operation interfaces and
/// KubeOps' controllers are: three members, and everything a provider needs beyond the desired
/// state (a Docker client, node shells, the paths earlier applies managed) is given to its
/// constructor, so the port never grows a parameter only one provider reads.
/// </summary>
public interface IResourceProvider
{
    /// <summary>How messages name it ("storage changes are never rolled back").</summary>
    string Name { get; }

    /// <summary>
    /// The change kinds it owns, in the order it applies creates and updates (deletes run in
    /// reverse). A change goes to the provider that declares its kind, and only to it.
    /// </summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>
    /// True for a provider whose changes are never undone (storage: a directory or dataset is
    /// never destroyed): it applies before every other, and its first failure stops the deploy.
    /// The others are applied, verified, and their failed stacks rolled back.
    /// </summary>
    bool NeverRolledBack { get; }

    /// <summary>What the repository's desired state asks of this provider and what is there now.</summary>
    Task<IObservation> ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken);
}
