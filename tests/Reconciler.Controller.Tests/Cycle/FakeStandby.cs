using Reconciler.Controller.Ports;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>A worker's standby the test can take down: it remembers what it was sent.</summary>
internal sealed class FakeStandby(TimeProvider time) : IStandby
{
    public bool WorkerDown { get; set; }

    public List<(string Commit, string? LastGood)> Refreshes { get; } = [];

    public StandbyRecord? Last { get; private set; }

    /// <summary>The fence the guard finds on the first cycle (the worker took over), or null.</summary>
    public FenceRecord? TookOver { get; set; }

    public int Guards { get; private set; }

    public Task<FenceRecord?> GuardAsync(CancellationToken cancellationToken)
    {
        Guards++;
        return Task.FromResult(TookOver);
    }

    public Task<StandbyRecord?> RefreshAsync(DesiredState state, string commit, IRepositoryFiles files, ReconcilerState record, CancellationToken cancellationToken)
    {
        Refreshes.Add((commit, record.LastGoodCommit));
        Last = WorkerDown
            ? new StandbyRecord("hermes", "/var/lib/reconciler/standby", Last?.Written, time.GetUtcNow(), "ssh: connect to host 10.231.0.2: no route to host")
            : new StandbyRecord("hermes", "/var/lib/reconciler/standby", new StandbyManifest(commit, time.GetUtcNow(), "atlas", 0, new Dictionary<string, string>()), time.GetUtcNow(), null);
        return Task.FromResult<StandbyRecord?>(Last);
    }
}
