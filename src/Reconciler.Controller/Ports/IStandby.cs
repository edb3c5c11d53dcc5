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
}
