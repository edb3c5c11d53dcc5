using Reconciler.Controller.Recovery;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Ports;

/// <summary>Whether the worker could take over right now (see <see cref="FailoverReadiness"/>), as the cycle checks it from time to time.</summary>
public interface IFailoverReadiness
{
    /// <summary>Checks the worker against <paramref name="state"/>, the last good commit's; null when there is none to check (no standby kept,
    /// or not one manager and one worker). A worker that does not answer makes the report "not ready", never an exception.</summary>
    Task<FailoverReport?> CheckAsync(DesiredState state, string lastGoodCommit, CancellationToken cancellationToken);
}
