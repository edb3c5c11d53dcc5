using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;
using Reconciler.Swarm.Resources;

namespace Reconciler.Swarm.Verify;

/// <summary>
/// Verify for one apply: waits for the services it created or updated (and, when asked, every
/// service the repository wants), each stack within its own convergenceTimeout, all stacks at
/// once, and names the stacks that failed.
/// </summary>
public sealed class DeployVerifier(IDockerClient docker, TimeProvider time, DesiredState state, IReadOnlyList<Resource> desired)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <param name="applied">What the apply changed; its services' failures count from <paramref name="since"/>
    /// (those of an interrupted apply belong to the spec it replaced).</param>
    /// <param name="verifyAllSince">When set, every desired service is verified too, its failures counted from then.</param>
    public async Task<IReadOnlyList<string>> VerifyAsync(
        IReadOnlyList<Change> applied, DateTimeOffset since, DateTimeOffset? verifyAllSince, IDeployProgress progress, CancellationToken cancellationToken)
    {
        var alsoVerify = verifyAllSince is null
            ? []
            : desired.Where(r => r.Key.Kind == SwarmKinds.Service).Select(r => (Service: r.Key.Name, Stack: r.Owner.Unit)).ToList();
        var changed = applied
            .Where(s => s.Key.Kind == SwarmKinds.Service && s.Action is ChangeAction.Create or ChangeAction.Update)
            .ToList();
        var stackOf = alsoVerify.Concat(changed.Select(c => (Service: c.Key.Name, Stack: c.Owner.Unit)))
            .DistinctBy(s => s.Service).ToDictionary(s => s.Service, s => s.Stack, StringComparer.Ordinal);
        if (stackOf.Count == 0)
        {
            return [];
        }

        // An update that changes the task template replaces tasks: wait for the engine to finish it.
        // A replica count change only scales (the engine reports no update for it), and so does a
        // new template on a service scaled up from zero: it has no task to replace (checked on the lab).
        var rolling = changed.Where(c => c.Action == ChangeAction.Update && c.Fields.Any(f => f.Path.StartsWith("/TaskTemplate", StringComparison.Ordinal))
                && !c.Fields.Any(ScalesUpFromZero))
            .Select(c => c.Key.Name).ToHashSet(StringComparer.Ordinal);
        progress.Report(new DeployEvent.Verifying(stackOf.Count));

        // A service this deploy did not update is not waited on when Swarm already gave up on its last update.
        var stalled = await StalledAsync(alsoVerify.Select(s => s.Service).Except(changed.Select(c => c.Key.Name)).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        // What this deploy changed counts failures from since; the other services from verifyAllSince.
        var watcher = new ConvergenceWatcher(docker, time);
        var watched = stackOf.Where(s => !stalled.Any(f => f.Service == s.Key))
            .GroupBy(s => (Stack: s.Value, Since: changed.Any(c => c.Key.Name == s.Key) ? since : verifyAllSince ?? since));
        var reports = await Task.WhenAll(watched.Select(group =>
        {
            var timeout = (state.Stacks.FirstOrDefault(s => s.Name == group.Key.Stack)?.ConvergenceTimeout ?? StackManifest.DefaultConvergenceTimeout).Value;
            return watcher.WaitAsync(group.Select(s => s.Key).ToList(), rolling, group.Key.Since, timeout, PollInterval, cancellationToken);
        })).ConfigureAwait(false);

        var results = reports.SelectMany(r => r.Services).Concat(stalled).OrderBy(s => s.Service, StringComparer.Ordinal).ToList();
        foreach (var service in results)
        {
            progress.Report(new DeployEvent.ServiceVerified(service.Service, service.Converged, service.Status));
        }

        progress.Report(new DeployEvent.Verified(results.All(r => r.Converged), reports.Length == 0 ? TimeSpan.Zero : reports.Max(r => r.Elapsed)));
        return results.Where(r => !r.Converged).Select(f => stackOf[f.Service]).Distinct().ToList();
    }

    private async Task<IReadOnlyList<ServiceConvergence>> StalledAsync(IReadOnlySet<string> services, CancellationToken cancellationToken)
    {
        if (services.Count == 0)
        {
            return [];
        }

        var live = await docker.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken).ConfigureAwait(false);
        return live.Where(s => s.Spec?.Name is { } name && services.Contains(name)).Select(StalledUpdate.Of).OfType<ServiceConvergence>().ToList();
    }

    private static bool ScalesUpFromZero(FieldChange field) =>
        field.Path == "/Mode/Replicated/Replicas" && field.Before is System.Text.Json.Nodes.JsonValue before && before.TryGetValue<long>(out var replicas) && replicas == 0;
}
