using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Ports;

/// <summary>The copy on the worker of what a failover needs (see <see cref="StandbyWriter"/>), as the cycle keeps it fresh.</summary>
public interface IStandby
{
    /// <summary>The last refresh as this node recorded it; null when none was tried (or its record is unreadable).</summary>
    StandbyRecord? Last { get; }

    /// <summary>Writes the standby for <paramref name="commit"/>; null when there is none to keep (no worker, or turned off).
    /// A worker that does not answer is in the record, never an exception.</summary>
    Task<StandbyRecord?> RefreshAsync(DesiredState state, string commit, IRepositoryFiles files, ReconcilerState record, CancellationToken cancellationToken);

    /// <summary>
    /// On the controller's first cycle: asks the worker this node keeps its standby on whether it
    /// took over; if so, or if it cannot tell, fences this node. Returns the fence this node is under
    /// (new or earlier), or null.
    /// </summary>
    Task<FenceRecord?> GuardAsync(CancellationToken cancellationToken);
}
