using Reconciler.Controller.Deployment;
using Reconciler.Controller.State;
using Reconciler.Core.Planning;
using Reconciler.Storage.Resources;

namespace Reconciler.Controller.Ports;

/// <summary>One observation turned into a plan, which can apply itself (apply, verify, roll back).</summary>
public interface IClusterPlan
{
    Plan Plan { get; }

    /// <summary>What makes applying unsafe (an unresolvable reference, a dataset that is not ours...).</summary>
    IReadOnlyList<string> Errors { get; }

    /// <summary>The host paths the desired state manages, to remember once an apply succeeds.</summary>
    IReadOnlyList<ManagedPath> ManagedPaths { get; }

    /// <param name="verifyAllSince">See <see cref="ReconcilerState.VerifyAllSince"/>.</param>
    Task<ApplyRecord> ApplyAsync(string commit, RollbackSource? rollback, DateTimeOffset? verifyAllSince, CancellationToken cancellationToken);
}
