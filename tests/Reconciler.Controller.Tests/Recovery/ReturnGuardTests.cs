using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Recovery;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Tests.Recovery;

/// <summary>
/// What a returning manager concludes from the worker's state, read through a real local shell
/// (the lab drill reads it over ssh): a failover that replaced it, none, or no way to tell.
/// </summary>
public sealed class ReturnGuardTests : IDisposable
{
    private readonly string workerState = Directory.CreateTempSubdirectory("reconciler-guard-").FullName;
    private readonly StorageNode worker = new("hermes", new LocalShell());

    [Fact]
    public async Task A_failover_that_replaced_this_node_fences_it_with_the_epoch()
    {
        new StateStore(workerState).Save(ReconcilerState.Empty with { Failover = Record("atlas", 3) });

        var verdict = await ReturnGuard.JudgeAsync(worker, workerState, "atlas", CancellationToken.None);

        Assert.True(verdict.MustFence);
        Assert.Equal(3, verdict.Epoch);
        Assert.Equal("hermes took over from atlas at 2026-12-02 10:00:00Z (epoch 3)", verdict.Reason);
    }

    [Fact]
    public async Task A_worker_that_never_took_over_lets_the_manager_stay()
    {
        var verdict = await ReturnGuard.JudgeAsync(worker, workerState, "atlas", CancellationToken.None);

        Assert.False(verdict.MustFence);
        Assert.StartsWith($"hermes keeps no state at {workerState}/state.json: it never took over", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failover_of_another_node_is_not_this_ones()
    {
        new StateStore(workerState).Save(ReconcilerState.Empty with { Failover = Record("zeus", 1) });

        var verdict = await ReturnGuard.JudgeAsync(worker, workerState, "atlas", CancellationToken.None);

        Assert.False(verdict.MustFence);
    }

    [Fact]
    public async Task A_state_that_cannot_be_read_fences_because_it_cannot_tell()
    {
        File.WriteAllText(Path.Combine(workerState, "state.json"), "{ not json");

        var verdict = await ReturnGuard.JudgeAsync(worker, workerState, "atlas", CancellationToken.None);

        Assert.True(verdict.MustFence);
        Assert.Null(verdict.Epoch);
        Assert.StartsWith("cannot tell whether hermes took over (its ", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_cannot_be_asked_fences_because_it_cannot_tell()
    {
        var unreachable = new StorageNode("hermes", new SshShell("root@127.0.0.1", new SshOptions(null, "/dev/null", Port: 1) { ConnectTimeout = TimeSpan.FromSeconds(2) }));

        var verdict = await ReturnGuard.JudgeAsync(unreachable, workerState, "atlas", CancellationToken.None);

        Assert.True(verdict.MustFence);
        Assert.StartsWith("cannot tell whether hermes took over (", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failback_that_ends_the_overlay_in_the_workers_state_lets_the_manager_stay()
    {
        var stored = ReconcilerState.Empty with { Failover = Record("atlas", 2) };
        new StateStore(workerState).Save(stored);

        var read = await WorkerState.ReadAsync(worker, workerState, CancellationToken.None);
        await WorkerState.WriteAsync(worker, workerState, read.State! with { Failover = null }, CancellationToken.None);

        Assert.Equal(2, read.State!.Failover!.Overlay.Epoch);
        Assert.Null(new StateStore(workerState).Load().Failover);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? 0 : File.GetUnixFileMode(WorkerState.PathIn(workerState)));
        Assert.False((await ReturnGuard.JudgeAsync(worker, workerState, "atlas", CancellationToken.None)).MustFence);
    }

    private static FailoverRecord Record(string lost, long epoch) =>
        new(new FailoverOverlay(lost, "hermes", epoch, new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), new Dictionary<string, TimeSpan>()), "c1");

    public void Dispose() => Directory.Delete(workerState, recursive: true);
}
