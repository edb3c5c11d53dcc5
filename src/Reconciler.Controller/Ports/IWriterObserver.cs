using Reconciler.Controller.Writers;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Ports;

/// <summary>Who could write the datasets, as the writer check observes it each cycle, and the one thing it may change: stop a container.</summary>
public interface IWriterObserver
{
    /// <summary>The running containers on <paramref name="nodes"/> with their mounts, and the running tasks of <paramref name="services"/>.
    /// A node or engine that does not answer is in the observation's errors, never an exception.</summary>
    Task<WriterObservation> ObserveAsync(DesiredState state, IReadOnlyCollection<string> nodes, IReadOnlyCollection<string> services, CancellationToken cancellationToken);

    /// <summary>Stops a container on its node; returns why it could not, or null.</summary>
    Task<string?> StopAsync(DesiredState state, RunningContainer container, CancellationToken cancellationToken);
}
