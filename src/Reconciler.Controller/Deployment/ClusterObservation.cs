using Docker.DotNet;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Core.Providers;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// observe → diff → plan for one desired state, over every provider in order, as one plan.
/// Errors are what makes applying unsafe (an unresolvable reference, a symlink where a
/// directory belongs, a dataset that is not ours); warnings are worth saying but not blocking.
/// </summary>
public sealed record ClusterObservation(IReadOnlyList<ProviderObservation> Providers, Plan Plan, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <param name="providers">In apply order: those never rolled back (storage) before the others.</param>
    public static async Task<ClusterObservation> ObserveAsync(
        IReadOnlyList<IResourceProvider> providers, DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken)
    {
        var observed = new List<ProviderObservation>();
        foreach (var provider in providers)
        {
            observed.Add(new ProviderObservation(provider, await provider.ObserveAsync(state, files, cancellationToken).ConfigureAwait(false)));
        }

        return new ClusterObservation(
            observed,
            PlanOf(observed),
            observed.SelectMany(o => o.Observation.Errors).ToList(),
            observed.SelectMany(o => o.Observation.Warnings).ToList());
    }

    /// <summary>One plan over the observations, ordered by the kinds their providers declare, provider after provider.</summary>
    public static Plan PlanOf(IReadOnlyList<ProviderObservation> observed, Func<Change, bool>? only = null) =>
        Planner.Create(
            observed.SelectMany(o => ResourceDiff.Compute(o.Observation.Desired, o.Observation.Live)).Where(only ?? (_ => true)),
            observed.SelectMany(o => o.Provider.Kinds).ToList());

    /// <summary>True for the exceptions that mean "the engine is not reachable", as opposed to a bug.</summary>
    public static bool IsEngineUnreachable(Exception e) =>
        e is DockerApiException or HttpRequestException or System.Net.Sockets.SocketException or IOException or TimeoutException;
}

/// <summary>What one provider observed; its provider says which kinds it applies and whether they are ever rolled back.</summary>
public sealed record ProviderObservation(IResourceProvider Provider, IObservation Observation)
{
    public bool Owns(Change change) => Provider.Kinds.Contains(change.Key.Kind, StringComparer.Ordinal);
}
