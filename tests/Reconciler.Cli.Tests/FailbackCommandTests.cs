using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Recovery;

namespace Reconciler.Cli.Tests;

/// <summary>
/// `reconciler failback` refuses before it changes anything unless the worker it keeps its standby
/// on stands in for a finished failover of this node. The worker is reached through a real local
/// shell ("local" address); what failback does on a cluster is the lab's drill (FailoverLabTests).
/// </summary>
public sealed class FailbackCommandTests : IDisposable
{
    private readonly string stateDir = Directory.CreateTempSubdirectory("reconciler-failback-").FullName;
    private readonly string workerState = Directory.CreateTempSubdirectory("reconciler-failback-worker-").FullName;

    [Fact]
    public void Without_a_standby_record_it_says_which_file_names_the_worker()
    {
        var run = CliRun.Of("failback", "--yes", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"reconciler: error: standby.json in {stateDir} names no worker", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_that_never_took_over_leaves_nothing_to_fail_back()
    {
        KeepStandby();

        var run = CliRun.Of("failback", "--yes", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"reconciler: hermes stands in for no failover of {Environment.MachineName}: there is nothing to fail back\n", run.Error);
    }

    [Fact]
    public void An_unfinished_failover_is_finished_first()
    {
        KeepStandby();
        var overlay = new FailoverOverlay(Environment.MachineName, "hermes", 1, DateTimeOffset.UtcNow, new Dictionary<string, TimeSpan>());
        new StateStore(workerState).Save(ReconcilerState.Empty with { Failover = new FailoverRecord(overlay, "c1") });

        var run = CliRun.Of("failback", "--yes", "--state-dir", stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("reconciler: error: the failover on hermes is not finished; run `reconciler failover` there again first\n", run.Error);
        Assert.NotNull(new StateStore(workerState).Load().Failover);
    }

    private void KeepStandby() =>
        new StandbyRecord("hermes", Path.Combine(workerState, "standby"), null, DateTimeOffset.UtcNow, null) { Address = "local" }.Save(stateDir);

    public void Dispose()
    {
        Directory.Delete(stateDir, recursive: true);
        Directory.Delete(workerState, recursive: true);
    }
}
