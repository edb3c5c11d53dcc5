using Reconciler.Controller.State;
using Reconciler.Core.Diff;
using Reconciler.Core.Planning;
using Reconciler.Core.Providers;
using Reconciler.Core.Validation;

namespace Reconciler.Controller.Deployment;

/// <summary>
/// apply → verify → (roll back) → a record of what happened, over every provider of an
/// observation, in their order. Providers whose changes are never rolled back (storage) apply
/// first; when one of their steps fails nothing else is applied and nothing is rolled back. The
/// others apply, then verify; the units that fail (stacks, see <see cref="Core.Resources.ResourceOwner.Unit"/>),
/// and only those, are put back on the last good commit and verified again. The caller stores
/// the record, which moves the last good commit on success. With <c>verifyAllSince</c> (see
/// <see cref="ReconcilerState.VerifyAllSince"/>) everything the commit wants must prove healthy,
/// even with an empty plan. Only <see cref="ApplyFailure"/> is caught: anything else is a bug or
/// an unreachable engine, for the caller.
/// </summary>
public sealed class Deployer(TimeProvider time, IDeployProgress progress)
{
    public async Task<ApplyRecord> DeployAsync(
        ClusterObservation observation, string? commit, RollbackSource? rollback, DateTimeOffset? verifyAllSince, CancellationToken cancellationToken)
    {
        var plan = observation.Plan;
        var summary = Summary(plan);
        if (!plan.HasChanges && verifyAllSince is null)
        {
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.NoChanges, summary, []);
        }

        if (!await ApplyNeverRolledBackAsync(observation.Providers.Where(p => p.Provider.NeverRolledBack), plan, commit, cancellationToken).ConfigureAwait(false))
        {
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.Failed, summary, []);
        }

        var rolled = observation.Providers.Where(p => !p.Provider.NeverRolledBack).ToList();
        var failed = await ApplyAndVerifyAsync(rolled, plan, commit, verifyAllSince, cancellationToken).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return new ApplyRecord(commit, time.GetUtcNow(), plan.HasChanges ? ApplyResult.Converged : ApplyResult.NoChanges, summary, []);
        }

        if (rollback is null)
        {
            progress.Report(new DeployEvent.RollbackUnavailable(commit is null ? NoRollbackReason.NotACommit : NoRollbackReason.NoLastGoodCommit));
            return new ApplyRecord(commit, time.GetUtcNow(), ApplyResult.Failed, summary, failed);
        }

        progress.Report(new DeployEvent.RollingBack(failed, rollback.Commit));
        var rolledBack = await RollBackAsync(rolled.Select(p => p.Provider).ToList(), rollback, failed, cancellationToken).ConfigureAwait(false);
        return new ApplyRecord(commit, time.GetUtcNow(), rolledBack ? ApplyResult.RolledBack : ApplyResult.RollbackFailed, summary, failed);
    }

    /// <summary>Their steps, provider after provider in the plan's order; false after the first that fails.</summary>
    private async Task<bool> ApplyNeverRolledBackAsync(IEnumerable<ProviderObservation> providers, Plan plan, string? commit, CancellationToken cancellationToken)
    {
        foreach (var provider in providers)
        {
            var applier = provider.Observation.Applier(commit);
            if (await ApplyStepsAsync(applier, plan.Steps.Where(provider.Owns), cancellationToken).ConfigureAwait(false) is not null)
            {
                progress.Report(new DeployEvent.Stopped(provider.Provider.Name));
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Applies every step of these providers, then verifies each; returns the units that failed:
    /// the one whose step was refused (nothing after it is applied), else those that did not verify.
    /// </summary>
    private async Task<IReadOnlyList<string>> ApplyAndVerifyAsync(
        IReadOnlyList<ProviderObservation> providers, Plan plan, string? commit, DateTimeOffset? verifyAllSince, CancellationToken cancellationToken)
    {
        var appliers = new List<IChangeApplier>();
        foreach (var provider in providers)
        {
            var applier = provider.Observation.Applier(commit);
            appliers.Add(applier);
            if (await ApplyStepsAsync(applier, plan.Steps.Where(provider.Owns), cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return [refused.Owner.Unit];
            }
        }

        var failed = new List<string>();
        foreach (var applier in appliers)
        {
            failed.AddRange(await applier.VerifyAsync(verifyAllSince, progress, cancellationToken).ConfigureAwait(false));
        }

        return failed.Distinct().ToList();
    }

    /// <summary>Applies the steps in order; returns the one refused (nothing after it is applied), or null.</summary>
    private async Task<Change?> ApplyStepsAsync(IChangeApplier applier, IEnumerable<Change> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            progress.Report(new DeployEvent.Applying(step.Action, step.Key));
            try
            {
                await applier.ApplyAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (ApplyFailure e)
            {
                progress.Report(new DeployEvent.ApplyFailed(e.Key, e.Message));
                return step;
            }
        }

        return null;
    }

    /// <summary>Observes the last good commit's failed units again with these providers and applies what differs in them.</summary>
    private async Task<bool> RollBackAsync(IReadOnlyList<IResourceProvider> providers, RollbackSource rollback, IReadOnlyList<string> units, CancellationToken cancellationToken)
    {
        var files = rollback.Files();
        var report = Validator.Validate(files);
        if (!report.IsValid)
        {
            progress.Report(new DeployEvent.RollbackInvalid());
            return false;
        }

        // Only the failed stacks go back; everything else stays on the new commit.
        var previous = report.State with { Stacks = report.State.Stacks.Where(s => units.Contains(s.Name)).ToList() };
        var observed = await ClusterObservation.ObserveAsync(providers, previous, files, cancellationToken).ConfigureAwait(false);
        var plan = ClusterObservation.PlanOf(observed.Providers, c => c.Action is ChangeAction.Create or ChangeAction.Update && units.Contains(c.Owner.Unit));
        var failed = await ApplyAndVerifyAsync(observed.Providers, plan, rollback.Commit, null, cancellationToken).ConfigureAwait(false);
        return failed.Count == 0;
    }

    private static string Summary(Plan plan) =>
        $"{plan.Count(ChangeAction.Create)} created, {plan.Count(ChangeAction.Update)} updated, {plan.Count(ChangeAction.Delete)} deleted, {plan.Orphans.Count} orphaned";
}
