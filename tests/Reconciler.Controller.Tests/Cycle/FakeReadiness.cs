using Reconciler.Controller.Ports;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>A failover check the test can turn off or find the worker down in: it remembers which commits it was asked about.</summary>
internal sealed class FakeReadiness(TimeProvider time) : IFailoverReadiness
{
    /// <summary>False as with standby.enabled off or a Cluster without one manager and one worker.</summary>
    public bool Kept { get; set; } = true;

    public bool WorkerDown { get; set; }

    public List<string> Checks { get; } = [];

    public Task<FailoverReport?> CheckAsync(DesiredState state, string lastGoodCommit, CancellationToken cancellationToken)
    {
        Checks.Add(lastGoodCommit);
        var report = !Kept ? null
            : WorkerDown ? FailoverReadiness.Unreachable(state, "atlas", "hermes", "ssh: connect to host 10.231.0.2: no route to host", time.GetUtcNow())
            : new FailoverReport(true, time.GetUtcNow(), "hermes", "atlas", [new ReadinessFinding("standby", "hermes", true, $"{lastGoodCommit} written")], new Dictionary<string, double?>());
        return Task.FromResult(report);
    }
}
