using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Reconciler.Core.Model;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Snapshots;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Snapshots, retention and replication from atlas (pool tank) to hermes (pool backup, over
/// ssh) on the real lab. A FakeTimeProvider drives the schedule, so hours of 15-minute cycles
/// take seconds; the snapshots, sends and receives are real.
/// </summary>
public sealed class ReplicationLabTests
{
    /// <summary>
    /// The schedule's clock starts at the current minute: snapshots someone else takes carry real
    /// creation times, and those must fall inside the test's timeline.
    /// </summary>
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);

    /// <summary>The start of the current hour: the retention test's clock, so its kept snapshots are the same in every run.</summary>
    private static readonly DateTimeOffset HourStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600);

    private static string At(int minutes, DateTimeOffset? start = null) => SnapshotName.For("reconciler", (start ?? Start).AddMinutes(minutes));

    [LabFact]
    public async Task Snapshots_follow_the_schedule_replicate_full_then_incremental_and_retention_prunes_only_our_own()
    {
        await using var repo = new TestStack(withWorker: true);
        var lab = await Replicated.CreateAsync(repo);
        var clock = new FakeTimeProvider(HourStart);
        var cycle = new StorageCycle(LabShell.All, clock);
        string At(int minutes) => ReplicationLabTests.At(minutes, HourStart);

        var first = await cycle.RunAsync(lab.State, CancellationToken.None);
        Assert.Equal([$"{lab.Source}@{At(0)}"], first.Taken);
        Assert.Equal(ReplicationState.Replicated, first.Replications.Single().State);
        Assert.Contains("in full", first.Replications.Single().Detail, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(5));
        var early = await cycle.RunAsync(lab.State, CancellationToken.None);
        Assert.Empty(early.Taken);
        Assert.Equal(TimeSpan.FromMinutes(5), early.Replications.Single().Lag);

        await LabShell.OnAsync(Lab.Manager, "dd", "if=/dev/urandom", $"of={lab.Mountpoint}/file", "bs=1M", "count=4", "status=none");
        clock.Advance(TimeSpan.FromMinutes(10));
        var second = await cycle.RunAsync(lab.State, CancellationToken.None);
        Assert.Single(second.Taken);
        Assert.Equal(ReplicationState.Replicated, second.Replications.Single().State);
        Assert.Contains($"{At(0)} → {At(15)}", second.Replications.Single().Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, second.Replications.Single().Lag);
        Assert.Equal(
            await LabShell.ZfsGetAsync(Lab.Manager, $"{lab.Source}@{At(15)}", "guid"),
            await LabShell.ZfsGetAsync(Lab.Worker, $"{lab.Target}@{At(15)}", "guid"));
        await LabShell.OnAsync(Lab.Manager, "zfs", "snapshot", $"{lab.Source}@by-hand");

        // Three hours of cycles: the grids (source 4x15m + 2x1h, target 3x1h) bound what is kept.
        for (var i = 0; i < 12; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            var report = await cycle.RunAsync(lab.State, CancellationToken.None);
            Assert.True(report.Healthy, string.Join('\n', report.Errors.Concat(report.Replications.Select(r => r.Detail))));
        }

        var source = await LabShell.SnapshotsAsync(Lab.Manager, lab.Source);
        var target = await LabShell.SnapshotsAsync(Lab.Worker, lab.Target);
        // Now is 3:15 into the run. The source keeps four quarter-hours (2:30-3:15) and the newest of
        // the hour before (2:45, already kept); the target the newest of each of three clock hours.
        Assert.Equal([At(150), At(165), At(180), At(195)], source.Where(s => s.StartsWith("reconciler_", StringComparison.Ordinal)));
        Assert.Equal([At(105), At(165), At(195)], target.Where(s => s.StartsWith("reconciler_", StringComparison.Ordinal)));
        Assert.Contains("by-hand", source);
        Assert.Contains("by-hand", target);
    }

    [LabFact]
    public async Task A_diverged_target_is_refused_reported_as_lagging_and_only_force_overwrites_it()
    {
        await using var repo = new TestStack(withWorker: true);
        var lab = await Replicated.CreateAsync(repo);
        var (clock, cycle) = (lab.Clock, lab.Cycle);
        await cycle.RunAsync(lab.State, CancellationToken.None);
        await LabShell.OnAsync(Lab.Worker, "zfs", "snapshot", $"{lab.Target}@someone-else");

        clock.Advance(TimeSpan.FromMinutes(40));
        var refused = await cycle.RunAsync(lab.State, CancellationToken.None);

        var status = refused.Replications.Single();
        Assert.Equal(ReplicationState.Diverged, status.State);
        Assert.Contains($"the target has someone-else, newer than the last common snapshot {At(0)}", status.Detail, StringComparison.Ordinal);
        Assert.True(status.Lagging);
        Assert.InRange(status.Lag!.Value, TimeSpan.FromMinutes(35), TimeSpan.FromMinutes(40));
        Assert.False(refused.Healthy);
        Assert.Contains("someone-else", await LabShell.SnapshotsAsync(Lab.Worker, lab.Target));

        lab.Force();
        var forced = await cycle.RunAsync(repo.State(), CancellationToken.None);

        Assert.Equal(ReplicationState.Replicated, forced.Replications.Single().State);
        Assert.Contains($"force: rolled the target back to {At(0)}", forced.Replications.Single().Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("someone-else", await LabShell.SnapshotsAsync(Lab.Worker, lab.Target));
    }

    [LabFact]
    public async Task A_target_written_since_its_newest_snapshot_is_refused_without_force()
    {
        await using var repo = new TestStack(withWorker: true);
        var lab = await Replicated.CreateAsync(repo);
        var (clock, cycle) = (lab.Clock, lab.Cycle);
        await cycle.RunAsync(lab.State, CancellationToken.None);
        var mounted = $"/srv/{lab.Id}-tampered";
        await LabShell.OnAsync(Lab.Worker, "zfs", "set", $"mountpoint={mounted}", lab.Target);
        await LabShell.OnAsync(Lab.Worker, "sh", "-c", $"echo local-change > {mounted}/edit");

        clock.Advance(TimeSpan.FromMinutes(15));
        var report = await cycle.RunAsync(lab.State, CancellationToken.None);

        var status = report.Replications.Single();
        Assert.Equal(ReplicationState.Diverged, status.State);
        Assert.Contains("was changed since its newest snapshot", status.Detail, StringComparison.Ordinal);
        Assert.Equal("local-change", (await LabShell.OnAsync(Lab.Worker, "cat", $"{mounted}/edit")).Trim());
    }

    [LabFact]
    public async Task An_interrupted_transfer_leaves_both_sides_consistent_and_the_next_cycle_retries()
    {
        await using var repo = new TestStack(withWorker: true);
        var lab = await Replicated.CreateAsync(repo);
        var (clock, cycle) = (lab.Clock, lab.Cycle);
        await cycle.RunAsync(lab.State, CancellationToken.None);
        await LabShell.OnAsync(Lab.Manager, "dd", "if=/dev/urandom", $"of={lab.Mountpoint}/big", "bs=1M", "count=96", "status=none");
        var before = await LabShell.SnapshotsAsync(Lab.Worker, lab.Target);

        // 1: the controller is stopped mid-transfer (cancellation kills both ends).
        clock.Advance(TimeSpan.FromMinutes(15));
        using (var cancel = new CancellationTokenSource())
        {
            var running = cycle.RunAsync(lab.State, cancel.Token);
            await WaitForTransferAsync(lab.Target);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        Assert.Equal(before, await LabShell.SnapshotsAsync(Lab.Worker, lab.Target));

        // 2: the ssh connection dies mid-transfer: the cycle reports it and changes nothing.
        var killed = cycle.RunAsync(lab.State, CancellationToken.None);
        Process.GetProcessById(await WaitForTransferAsync(lab.Target)).Kill();
        var failed = await killed;
        Assert.Equal(ReplicationState.Failed, failed.Replications.Single().State);
        Assert.Contains("discarded on both sides", failed.Replications.Single().Detail, StringComparison.Ordinal);
        Assert.Equal(before, await LabShell.SnapshotsAsync(Lab.Worker, lab.Target));

        // The next cycle sends the same increment again, whole.
        var retried = await cycle.RunAsync(lab.State, CancellationToken.None);
        Assert.Equal(ReplicationState.Replicated, retried.Replications.Single().State);
        Assert.Equal(
            (await LabShell.SnapshotsAsync(Lab.Manager, lab.Source))[^1],
            (await LabShell.SnapshotsAsync(Lab.Worker, lab.Target))[^1]);
    }

    [LabFact]
    public async Task The_replicate_command_reports_state_and_lag_and_exits_zero_when_healthy()
    {
        await using var repo = new TestStack(withWorker: true);
        var lab = await Replicated.CreateAsync(repo);

        var first = repo.Run("replicate");
        var json = repo.Run("replicate", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"snapshot  {lab.Source}@reconciler_", first.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   {lab.Id}-copy: replicated, lag 0m0", first.Output, StringComparison.Ordinal);
        var report = System.Text.Json.Nodes.JsonNode.Parse(json.Output)!;
        Assert.Equal("up-to-date", report["replications"]![0]!["state"]!.GetValue<string>());
        Assert.True(report["healthy"]!.GetValue<bool>());
    }

    /// <summary>Waits until the pipeline's ssh to the target runs, and returns its PID.</summary>
    private static async Task<int> WaitForTransferAsync(string target)
    {
        for (var i = 0; i < 200; i++)
        {
            foreach (var process in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit)))
            {
                var commandLine = await CommandLineOfAsync(process!);
                if (commandLine.StartsWith("ssh\0", StringComparison.Ordinal) && commandLine.Contains("'receive'", StringComparison.Ordinal) && commandLine.Contains(target, StringComparison.Ordinal))
                {
                    await Task.Delay(300);
                    return int.Parse(process!, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no transfer into {target} started");
    }

    /// <summary>A process's command line, or empty when it exited while /proc was being read.</summary>
    private static async Task<string> CommandLineOfAsync(string pid)
    {
        try
        {
            return await File.ReadAllTextAsync($"/proc/{pid}/cmdline").ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ENOENT or ESRCH: the process ended between the directory listing and the read.
            return string.Empty;
        }
    }

    /// <summary>A managed dataset on atlas with a 15-minute schedule, replicated to hermes.</summary>
    private sealed class Replicated
    {
        private readonly TestStack repo;

        private Replicated(TestStack repo, string id)
        {
            this.repo = repo;
            Id = id;
        }

        public string Id { get; }

        public string Source => $"{Lab.ManagerPool}/{Id}/src";

        public string Target => $"{Lab.WorkerPool}/{Id}/copy";

        public string Mountpoint => $"/srv/{Id}/src";

        public DesiredState State => repo.State();

        /// <summary>The schedule's clock, starting at the current minute.</summary>
        public FakeTimeProvider Clock { get; } = new(Start);

        public StorageCycle Cycle => new(LabShell.All, Clock);

        public static async Task<Replicated> CreateAsync(TestStack repo)
        {
            var lab = new Replicated(repo, repo.Name("r"));
            lab.Write(force: false);
            var apply = repo.Apply();
            Assert.True(apply.ExitCode == 0, apply.ToString());
            await Task.CompletedTask;
            return lab;
        }

        public void Force() => Write(force: true);

        private void Write(bool force) => repo.Write("storage.yaml", $"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {"{"}name: {Source}{"}"}
            spec:
              node: {Lab.Manager}
              mountpoint: {Mountpoint}
              owner: 0
              group: 0
              mode: "0755"
              snapshots: {"{"}every: 15m, keep: "4x15m, 2x1h"{"}"}
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {"{"}name: {Id}-copy{"}"}
            spec:
              source: {Source}
              target: {"{"}node: {Lab.Worker}, dataset: {Target}{"}"}
              every: 15m
              maxLag: 30m
              keep: "3x1h"
              force: {(force ? "true" : "false")}
            """);
    }
}
