using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Controller.State;
using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Core.Validation;
using Reconciler.Storage.Nodes;
using Reconciler.Swarm;
using Reconciler.Swarm.Resources;
using Reconciler.Swarm.Verify;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// apply → verify → (roll back) → a record of what happened. When the services of a stack do
/// not converge, the failed stacks (and only those) are put back on the last good commit and
/// verified again. The caller stores the record, which moves the last good commit on success.
/// Storage steps (paths, datasets) run first, through <paramref name="storage"/>; when one
/// fails nothing else is applied and nothing is rolled back (storage is never destroyed).
/// With <c>verifyAllSince</c> (see <see cref="ReconcilerState.VerifyAllSince"/>) every service
/// of the commit's stacks must prove healthy, even with an empty plan.
/// </summary>
public sealed class Deployer(IDockerClient docker, SwarmProvider provider, IChangeApplier storage, TimeProvider time, TextWriter progress)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<ApplyRecord> DeployAsync(
        DesiredState state, SwarmSnapshot snapshot, Plan plan, string? commit, RollbackSource? rollback, DateTimeOffset? verifyAllSince,
        CancellationToken cancellationToken)
    {
        var summary = Summary(plan);
        if (!plan.HasChanges && verifyAllSince is null)
        {
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.NoChanges, summary, []);
        }

        if (!await ApplyStorageAsync(plan, cancellationToken).ConfigureAwait(false))
        {
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.Failed, summary, []);
        }

        var everyService = verifyAllSince is null ? [] : snapshot.Desired.Where(r => r.Key.Kind == SwarmKinds.Service).Select(r => (r.Key.Name, Stack: StackOf(r.Owner))).ToList();
        var failed = await ApplyAndVerifyAsync(state, snapshot, plan, commit, everyService, verifyAllSince, cancellationToken).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return new ApplyRecord(commit, time.GetUtcNow(), plan.HasChanges ? ApplyResult.Converged : ApplyResult.NoChanges, summary, []);
        }

        if (rollback is null)
        {
            progress.WriteLine(commit is null
                ? "rollback unavailable: the repository is not a git work tree, so there is no last good commit"
                : "rollback unavailable: no earlier apply converged, so there is no last good commit");
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.Failed, summary, failed);
        }

        progress.WriteLine($"rolling back {string.Join(", ", failed)} to the last good commit {CommitId.Short(rollback.Commit)}");
        var rolledBack = await RollBackAsync(rollback, failed, cancellationToken).ConfigureAwait(false);
        return new ApplyRecord(commit, time.GetUtcNow(), rolledBack ? ApplyResult.RolledBack : ApplyResult.RollbackFailed, summary, failed);
    }

    /// <summary>Paths and datasets, in the plan's order; false after the first that fails.</summary>
    private async Task<bool> ApplyStorageAsync(Plan plan, CancellationToken cancellationToken)
    {
        foreach (var step in plan.Steps.Where(s => storage.Handles(s.Key.Kind)))
        {
            progress.WriteLine($"applying {step.Action.ToString().ToLowerInvariant()} {step.Key}");
            try
            {
                await storage.ApplyAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeCommandException e)
            {
                progress.WriteLine($"  FAIL {e.Message}");
                progress.WriteLine("  nothing after it was applied; storage changes are never rolled back");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Applies every Swarm step, then waits for the changed services (and <paramref name="alsoVerify"/>,
    /// whose failures count from <paramref name="alsoSince"/>), each stack within its own timeout;
    /// returns the stacks that failed.
    /// </summary>
    private async Task<IReadOnlyList<string>> ApplyAndVerifyAsync(
        DesiredState state, SwarmSnapshot snapshot, Plan plan, string? commit, IReadOnlyList<(string Service, string Stack)> alsoVerify, DateTimeOffset? alsoSince,
        CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow();
        var applier = provider.Applier(snapshot, commit);
        foreach (var step in plan.Steps.Where(s => !storage.Handles(s.Key.Kind)))
        {
            progress.WriteLine($"applying {step.Action.ToString().ToLowerInvariant()} {step.Key}");
            try
            {
                await applier.ApplyAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                progress.WriteLine($"  FAIL the engine refused it: {e.ResponseBody?.Trim() ?? e.Message}");
                return [StackOf(step)];
            }
        }

        var changed = plan.Steps
            .Where(s => s.Key.Kind == SwarmKinds.Service && s.Action is ChangeAction.Create or ChangeAction.Update)
            .ToList();
        var stackOf = alsoVerify.Concat(changed.Select(c => (Service: c.Key.Name, Stack: StackOf(c))))
            .DistinctBy(s => s.Service).ToDictionary(s => s.Service, s => s.Stack, StringComparer.Ordinal);
        if (stackOf.Count == 0)
        {
            return [];
        }

        // An update that changes the task template replaces tasks: wait for the engine to finish it.
        // A replica count change only scales (the engine reports no update for it).
        var rolling = changed.Where(c => c.Action == ChangeAction.Update && c.Fields.Any(f => f.Path.StartsWith("/TaskTemplate", StringComparison.Ordinal)))
            .Select(c => c.Key.Name).ToHashSet(StringComparer.Ordinal);
        progress.WriteLine($"verifying {stackOf.Count} service(s) converge...");

        // A service this deploy did not update is not waited on when Swarm already gave up on its last update.
        var stalled = await StalledAsync(alsoVerify.Select(s => s.Service).Except(changed.Select(c => c.Key.Name)).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        // Each stack is watched with its own convergenceTimeout, all at once. What this deploy
        // changed counts failures from now (those of an interrupted apply belong to the spec it
        // replaced); the other services from alsoSince.
        var watcher = new ConvergenceWatcher(docker, time);
        var watched = stackOf.Where(s => !stalled.Any(f => f.Service == s.Key))
            .GroupBy(s => (Stack: s.Value, Since: changed.Any(c => c.Key.Name == s.Key) ? since : alsoSince ?? since));
        var reports = await Task.WhenAll(watched.Select(group =>
        {
            var timeout = (state.Stacks.FirstOrDefault(s => s.Name == group.Key.Stack)?.ConvergenceTimeout ?? StackManifest.DefaultConvergenceTimeout).Value;
            return watcher.WaitAsync(group.Select(s => s.Key).ToList(), rolling, group.Key.Since, timeout, PollInterval, cancellationToken);
        })).ConfigureAwait(false);

        var results = reports.SelectMany(r => r.Services).Concat(stalled).OrderBy(s => s.Service, StringComparer.Ordinal).ToList();
        foreach (var service in results)
        {
            progress.WriteLine($"  {(service.Converged ? "ok  " : "FAIL")} {service.Service}: {service.Status}");
        }

        var converged = results.All(r => r.Converged);
        progress.WriteLine(converged ? $"converged in {(reports.Length == 0 ? 0 : reports.Max(r => r.Elapsed).TotalSeconds):0.0}s" : "not converged");
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

    private async Task<bool> RollBackAsync(RollbackSource rollback, IReadOnlyList<string> stacks, CancellationToken cancellationToken)
    {
        var files = rollback.Files();
        var report = Validator.Validate(files);
        if (!report.IsValid)
        {
            progress.WriteLine("rollback failed: the last good commit no longer validates with this version of reconciler");
            return false;
        }

        // Only the failed stacks go back; everything else stays on the new commit.
        var previous = report.State with { Stacks = report.State.Stacks.Where(s => stacks.Contains(s.Name)).ToList() };
        var snapshot = await provider.ObserveAsync(previous, files, cancellationToken).ConfigureAwait(false);
        var changes = snapshot.Diff().Where(c => c.Action is ChangeAction.Create or ChangeAction.Update && stacks.Contains(StackOf(c)));
        var plan = Planner.Create(changes);
        var failed = await ApplyAndVerifyAsync(previous, snapshot, plan, rollback.Commit, [], null, cancellationToken).ConfigureAwait(false);
        return failed.Count == 0;
    }

    private static string StackOf(Change change) => StackOf(change.Owner);

    private static string StackOf(Core.Resources.ResourceOwner owner) => DesiredSwarm.StackOf(owner) ?? owner.Name;

    private static string Summary(Plan plan) =>
        $"{plan.Count(ChangeAction.Create)} created, {plan.Count(ChangeAction.Update)} updated, {plan.Count(ChangeAction.Delete)} deleted, {plan.Orphans.Count} orphaned";
}
