using Xunit.Abstractions;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// The failover drill on the two-node lab: a writer on atlas with its dataset replicated to
/// hermes and a standby there; then atlas is cut off, and `reconciler failover` on hermes (run in
/// its namespaces, as at its console) must bring the writer up on hermes with the replicated
/// data, and only that (a write after the last replicated snapshot is the RPO, lost). Its first
/// run is killed mid-way and the second finishes it; a third finds everything done. Then atlas
/// comes back: its guard finds the failover on hermes and fences atlas's datasets. Failback,
/// killed once in its write pause and run again, then brings what hermes wrote back to atlas with
/// nothing lost, keeps atlas's stale writes aside, swaps the roles back and ends the overlay.
/// Afterwards the lab is joined back as it was.
/// </summary>
[Collection(WholeSwarm.Name)]
public sealed class FailoverLabTests(ITestOutputHelper log)
{
    [LabFact]
    public async Task Failover_with_atlas_cut_off_runs_the_writer_on_hermes_and_failback_brings_it_back_with_nothing_lost()
    {
        await using var repo = new TestStack(nodeLabels: "{failover-drill: data}", withWorker: true);
        var id = repo.Name("fov");
        var (source, target, workerState) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy", $"/srv/{id}-state");
        var cut = false;
        try
        {
            await PrepareAsync(repo, id, source, target, workerState);
            await LabPartition.CutAsync();
            cut = true;

            // Killed (SIGKILL, a power cut) as soon as it has a swarm of its own, while it promotes the replica; run again, it finishes.
            var killed = Straight ? null : await Crash.AtAsync(LabPartition.OnWorker(Crash.Reconciler(FailoverArguments(workerState))), "  swarm: ");
            var failover = await FailoverAsync(workerState);
            log.WriteLine($"{killed}{failover}");
            Assert.True(failover.ExitCode == 0, failover.ToString());
            var bothRuns = killed + failover.Output;
            Assert.Contains($"failover: {Lab.Worker} takes over from {LabNode.Hostname} (epoch 1) with commit 444444444444", bothRuns, StringComparison.Ordinal);
            Assert.Matches($@"{LabNode.Hostname} swarm 10\.231\.0\.1:2377: (unreachable|no answer)", bothRuns);
            Assert.Matches($@"RPO {source}: \d+s", bothRuns);
            Assert.Contains("  swarm: left the old swarm (active", bothRuns, StringComparison.Ordinal);
            if (killed is not null)
            {
                Has(failover, "failover: finishing the failover begun");
                Has(failover, "  swarm: already the manager of the new swarm");
            }

            // The kill may have landed before or after a promotion step: whatever it left, the replica ends promoted with its mark.
            Assert.Matches($"dataset {target}: [^\n]*snapshot @failover-e1 taken", failover.Output);
            Has(failover, $"failed over from {LabNode.Hostname} to {Lab.Worker} at ");
            Assert.Matches(@"; took over in (\d+m)?\d+s\n", failover.Output);

            // The writer runs on hermes, in a swarm of its own, on the replicated data; the write after the last snapshot is gone.
            var container = (await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={id}_db")).Trim();
            Assert.NotEmpty(container);
            Assert.Equal("replicated", (await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "exec", container, "cat", "/data/marker")).Trim());
            Assert.False((await LabPartition.TryOnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "exec", container, "test", "-e", "/data/after")).Succeeded);
            Assert.Equal("true", (await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "info", "--format", "{{.Swarm.ControlAvailable}}")).Trim());
            var labels = await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "node", "inspect", "self", "--format", "{{json .Spec.Labels}}");
            Assert.Contains("\"failover-drill\":\"data\"", labels, StringComparison.Ordinal);

            // Plan and status on hermes say the overlay first, and the overlaid repository is what runs.
            var plan = await ReconcilerOnWorkerAsync("plan", repo.Root, "--state-dir", workerState, "--docker-host", Lab.WorkerDockerHost);
            Assert.True(plan.ExitCode == 0, plan.ToString());
            Assert.Contains($"reconciler: FAILOVER: failed over from {LabNode.Hostname} to {Lab.Worker} at ", plan.Error, StringComparison.Ordinal);
            var status = await ReconcilerOnWorkerAsync("status", "--state-dir", workerState, "--url", "http://127.0.0.1:9");
            Assert.StartsWith($"FAILOVER   failed over from {LabNode.Hostname} to {Lab.Worker} at ", status.Output, StringComparison.Ordinal);

            // Run again: every step finds its work done.
            var again = await FailoverAsync(workerState);
            Assert.True(again.ExitCode == 0, again.ToString());
            Has(again, "failover: finishing the failover begun");
            Has(again, "  swarm: already the manager of the new swarm");
            Has(again, $"dataset {target}: already promoted");
            Assert.Equal(container, (await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={id}_db")).Trim());

            // atlas comes back. At boot the guard runs before Docker starts, so its writer is not running yet.
            using (var docker = Lab.Connect())
            {
                await LabCleanup.RemoveStacksAsync(docker, [id]);
                await LabCleanup.ContainersGoneAsync(docker, $"{id}_db");
            }

            await LabPartition.ReconnectAsync();
            var guard = repo.Command("guard", "--docker-host", Lab.DockerHost!);
            Assert.True(guard.ExitCode == 0, guard.ToString());
            Has(guard, $"guard: fenced since ");
            Has(guard, $": {Lab.Worker} took over from {LabNode.Hostname} at ");
            Assert.Matches($@"\(epoch 1\); (\S+, )*{source}(, \S+)* read-only and unmounted", guard.Output);
            // A failover was found (not only suspected): atlas also leaves the stale swarm it led.
            Assert.Matches("guard: left its old swarm [0-9a-z]{12}, stopping its tasks here", guard.Output);
            using (var docker = Lab.Connect())
            {
                Assert.Equal("inactive", (await docker.System.GetSystemInfoAsync()).Swarm.LocalNodeState);
            }

            Assert.Equal(("on", "no", "noauto"), (
                await LabShell.ZfsGetAsync(Lab.Manager, source, "readonly"),
                await LabShell.ZfsGetAsync(Lab.Manager, source, "mounted"),
                await LabShell.ZfsGetAsync(Lab.Manager, source, "canmount")));
            var refused = repo.Apply();
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("reconciler: error: this node is fenced since ", refused.Error, StringComparison.Ordinal);
            Has(repo.Command("guard"), "guard: still fenced since ");

            // Released by a person who decided atlas's data is the one to keep; the next guard fences it again, as hermes still stands in.
            var release = repo.Command("guard", "--release");
            Assert.Matches($@"guard: released; (\S+, )*{source}(, \S+)* writable and mounted again", release.Output);
            Assert.Equal(("off", "yes"), (await LabShell.ZfsGetAsync(Lab.Manager, source, "readonly"), await LabShell.ZfsGetAsync(Lab.Manager, source, "mounted")));
            Has(repo.Command("guard"), "guard: fenced since ");

            // Failback: what hermes wrote while it stood in comes back, atlas's own writes since the failover are kept aside.
            await LabPartition.OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "exec", container, "sh", "-c", "echo during > /data/during");
            // Killed in the write pause, with the writer stopped and the final sync under way; run again, it finishes.
            var pausedWhenKilled = Straight ? null
                : await Crash.AtAsync(Crash.Reconciler(repo.Arguments("failback", "--yes", "--worker-docker-host", Lab.WorkerDockerHost)), "  writers stopped for the final sync: ");
            var failback = repo.Run("failback", "--yes", "--worker-docker-host", Lab.WorkerDockerHost);
            log.WriteLine($"{pausedWhenKilled}{failback}");
            Assert.True(failback.ExitCode == 0, failback.ToString());
            var bothBack = pausedWhenKilled + failback.Output;
            var diverged = System.Text.RegularExpressions.Regex.Match(bothBack, $@"kept its writes on {LabNode.Hostname} since the failover as ({source}\.diverged-\d{{8}}T\d{{6}}Z)").Groups[1].Value;
            Assert.True(diverged.Length > 0, bothBack);
            Assert.Contains("started again from ", bothBack, StringComparison.Ordinal);
            Assert.Contains($"joined {Lab.Worker}'s swarm ", bothBack, StringComparison.Ordinal);
            if (pausedWhenKilled is not null)
            {
                Has(failback, $"already a manager of {Lab.Worker}'s swarm ");
            }

            Has(failback, $"writers stopped for the final sync: {id}_db");
            Has(failback, $"final sync: received ");
            Has(failback, $"{Lab.Worker} demoted to a worker, its failover labels failover-drill removed");
            Assert.Matches($@"failed back to {LabNode.Hostname} in (\d+m)?\d+s \(writers paused (\d+m)?\d+s\)", failback.Output);

            // The writer runs on atlas again with hermes's write; atlas's stale write is in the kept timeline, read-only and no longer managed.
            using (var docker = Lab.Connect())
            {
                var nodes = await docker.Swarm.ListNodesAsync();
                Assert.Equal("worker", nodes.Single(n => n.Description?.Hostname == Lab.Worker && n.Status?.State == "ready").Spec!.Role);
                Assert.True(nodes.Single(n => n.Description?.Hostname == LabNode.Hostname).ManagerStatus?.Leader == true);
            }

            var back = (await LabShell.OnAsync(Lab.Manager, "docker", "-H", Lab.DockerHost!, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={id}_db")).Trim();
            Assert.NotEmpty(back);
            Assert.Equal("during", (await LabShell.OnAsync(Lab.Manager, "docker", "-H", Lab.DockerHost!, "exec", back, "cat", "/data/during")).Trim());
            Assert.Equal("replicated", (await LabShell.OnAsync(Lab.Manager, "docker", "-H", Lab.DockerHost!, "exec", back, "cat", "/data/marker")).Trim());
            Assert.False((await Reconciler.Storage.Nodes.NodeShellExtensions.RunAsync(LabShell.All[Lab.Manager].Shell, ["docker", "-H", Lab.DockerHost!, "exec", back, "test", "-e", "/data/after"], CancellationToken.None)).Succeeded);
            Assert.Equal(("on", "false"), (await LabShell.ZfsGetAsync(Lab.Manager, diverged, "readonly"), await LabShell.ZfsGetAsync(Lab.Manager, diverged, "reconciler:managed")));
            Assert.Equal(("on", "no"), (await LabShell.ZfsGetAsync(Lab.Worker, target, "readonly"), await LabShell.ZfsGetAsync(Lab.Worker, target, "mounted")));

            // The overlay ended: the guard finds nothing to fence, and replication continues from atlas incrementally, without force.
            Has(repo.Command("guard"), $"guard: {Lab.Worker} did not take over from {LabNode.Hostname}; this node stays the manager");
            await LabShell.OnAsync(Lab.Manager, "sh", "-c", $"echo again > /srv/{id}/src/again && zfs snapshot {source}@drill-after");
            var onward = repo.Run("replicate");
            Assert.True(onward.ExitCode == 0, onward.ToString());
            Assert.Contains("failback-e1 → ", onward.Output, StringComparison.Ordinal);
            Assert.Equal("again", (await LabShell.OnAsync(Lab.Worker, "sh", "-c", $"zfs list -H -o name {target}@drill-after >/dev/null && echo again")).Trim());

            // Run again: everything is found done.
            var rerun = repo.Run("failback", "--yes", "--worker-docker-host", Lab.WorkerDockerHost);
            Assert.True(rerun.ExitCode == 1, rerun.ToString());
            Assert.Contains($"reconciler: {Lab.Worker} stands in for no failover of {LabNode.Hostname}: there is nothing to fail back", rerun.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (cut)
            {
                await LabPartition.TryOnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "service", "rm", $"{id}_db");
                await LabPartition.HealAsync();
            }

            // The guard fences every managed dataset on atlas, other tests' too: never leave them so.
            var released = repo.Command("guard", "--release");
            Assert.True(released.ExitCode == 0, released.ToString());
            using (var docker = Lab.Connect())
            {
                await LabCleanup.RemoveStacksAsync(docker, [id]);
            }

            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", workerState);
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", $"/srv/{id}");
            await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    [LabFact]
    public async Task A_manager_whose_swarm_is_gone_but_answers_ssh_is_fenced_over_it_before_hermes_takes_over()
    {
        await using var repo = new TestStack(nodeLabels: "{failover-drill: data}", withWorker: true);
        var id = repo.Name("fnc");
        var (source, target, workerState) = ($"{Lab.ManagerPool}/{id}/src", $"{Lab.WorkerPool}/{id}/copy", $"/srv/{id}-state");
        string[] swarmPortClosed = ["INPUT", "-p", "tcp", "--dport", "2377", "-j", "REJECT", "--reject-with", "tcp-reset"];
        var atlasSystemctl = Path.Combine(Environment.GetEnvironmentVariable("RECONCILER_LAB_ROOT")!, Lab.Manager, "sbin", "systemctl");
        var tookOver = false;
        try
        {
            await PrepareAsync(repo, id, source, target, workerState);

            // atlas fully up: refused, and nothing changes on hermes.
            var refused = await ReconcilerOnWorkerAsync([.. FailoverArguments(workerState), "--ssh-key", Lab.SshKey, "--known-hosts", Lab.KnownHosts]);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"reconciler: error: {LabNode.Hostname}'s swarm still answers at 10.231.0.1:2377: it is not lost", refused.Error, StringComparison.Ordinal);
            Assert.Equal("false", (await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "info", "--format", "{{.Swarm.ControlAvailable}}")).Trim());

            // atlas's swarm stops answering (a hung or broken Docker), but the machine is up, its writer still running and writing.
            await LabShell.OnAsync(Lab.Manager, ["iptables", "-I", .. swarmPortClosed]);
            tookOver = true;
            var failover = await ReconcilerOnWorkerAsync([.. FailoverArguments(workerState), "--ssh-key", Lab.SshKey, "--known-hosts", Lab.KnownHosts]);
            log.WriteLine(failover.ToString());
            Assert.True(failover.ExitCode == 0, failover.ToString());
            Has(failover, $"  {LabNode.Hostname} swarm 10.231.0.1:2377: refused");
            Has(failover, $"  {LabNode.Hostname} ssh 10.231.0.1:22: answers");
            Assert.Matches($@"  fenced {LabNode.Hostname} over ssh: Docker stopped; (\S+, )*{source}(, \S+)* read-only and unmounted\n", failover.Output);
            Has(failover, $"  {LabNode.Hostname} must not start Docker again before its guard runs");
            Has(failover, $"failed over from {LabNode.Hostname} to {Lab.Worker} at ");

            // atlas: Docker stopped, the dataset read-only and unmounted; hermes runs the writer on the replicated data.
            Assert.Equal("inactive", (await LabShell.TryOnAsync(Lab.Manager, atlasSystemctl, "is-active", "docker.service")).Output.Trim());
            Assert.Equal(("on", "no"), (await LabShell.ZfsGetAsync(Lab.Manager, source, "readonly"), await LabShell.ZfsGetAsync(Lab.Manager, source, "mounted")));
            var container = (await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={id}_db")).Trim();
            Assert.Equal("replicated", (await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "exec", container, "cat", "/data/marker")).Trim());

            // atlas boots again: its guard, before Docker, finds the failover and records the fence (which `guard --release` and failback lift).
            var guard = repo.Command("guard");
            Assert.True(guard.ExitCode == 0, guard.ToString());
            Assert.Matches($@"\(epoch 1\); (\S+, )*{source}(, \S+)* read-only and unmounted", guard.Output);
        }
        finally
        {
            await LabShell.TryOnAsync(Lab.Manager, ["iptables", "-D", .. swarmPortClosed]);
            await LabShell.OnAsync(Lab.Manager, atlasSystemctl, "start", "docker.service");
            if (tookOver)
            {
                await LabPartition.TryOnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "service", "rm", $"{id}_db");
                await LabPartition.HealAsync();
            }

            using (var docker = Lab.Connect())
            {
                await LabCleanup.RemoveStacksAsync(docker, [id]);
                await LabCleanup.ContainersGoneAsync(docker, $"{id}_db");
            }

            // The fence covered every managed dataset on atlas, other tests' too: never leave them so.
            var released = repo.Command("guard", "--release");
            Assert.True(released.ExitCode == 0, released.ToString());
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", workerState);
            await LabShell.DestroyAsync(Lab.Worker, $"{Lab.WorkerPool}/{id}");
            await LabShell.OnAsync(Lab.Worker, "rm", "-rf", $"/srv/{id}");
            await LabShell.DestroyAsync(Lab.Manager, $"{Lab.ManagerPool}/{id}");
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    /// <summary>
    /// The writer applied on atlas with a marker file replicated to hermes, a later write that is
    /// not (the RPO), the standby written to hermes, and the image on hermes (without atlas's
    /// registry a new swarm can only start an image hermes holds).
    /// </summary>
    private static async Task PrepareAsync(TestStack repo, string id, string source, string target, string workerState)
    {
        WriteRepository(repo, id, source, target);
        await ReplicatedDataset.ApplyAndReplicateAsync(repo, "sh", "-c", $"echo replicated > /srv/{id}/src/marker");
        await LabShell.OnAsync(Lab.Manager, "sh", "-c", $"echo lost > /srv/{id}/src/after");
        using (var docker = Lab.Connect())
        {
            var written = await new StandbyWriter(LabShell.All[Lab.Worker], workerState, repo.StateDir, docker, TimeProvider.System)
                .RefreshAsync(new string('4', 40), new DirectoryRepositoryFiles(repo.Root), new StateStore(repo.StateDir).Load(), "{}\n", CancellationToken.None);
            Assert.Null(written.Error);
        }

        await LabShell.OnAsync(Lab.Worker, "docker", "-H", Lab.WorkerDockerHost, "pull", "-q", Lab.Image);
    }

    /// <summary>
    /// Set by bench/failover.sh, which times failover and failback: they then run straight through,
    /// where the test kills each once and runs it again.
    /// </summary>
    private static bool Straight => Environment.GetEnvironmentVariable("RECONCILER_DRILL_STRAIGHT") == "1";

    private static void Has(CliResult result, string text) => Assert.True(result.Output.Contains(text, StringComparison.Ordinal), $"missing: {text}\n{result}");

    /// <summary>`reconciler failover` on hermes, in its namespaces, with the lab's reconciler build.</summary>
    private static Task<CliResult> FailoverAsync(string workerState) => ReconcilerOnWorkerAsync(FailoverArguments(workerState));

    private static string[] FailoverArguments(string workerState) =>
        ["failover", "--lost", LabNode.Hostname, "--state-dir", workerState, "--docker-host", Lab.WorkerDockerHost];

    private static async Task<CliResult> ReconcilerOnWorkerAsync(params string[] arguments)
    {
        var result = await LabPartition.TryOnWorkerAsync(Crash.Reconciler(arguments));
        return new CliResult(result.ExitCode, result.Output, result.Error);
    }

    /// <summary>A writer pinned to atlas by hostname and by a label, on its dataset replicated to hermes.</summary>
    private static void WriteRepository(TestStack repo, string id, string source, string target)
    {
        ReplicatedDataset.Write(repo, id, source, target, writer: $"{id}/db", replication: "every: 1s");
        repo.Stack(id, $$"""
            services:
              db:
                image: {{Lab.Image}}
                command: [sleep, "3600"]
                stop_grace_period: 1s
                volumes: [/srv/{{id}}/src:/data]
                deploy:
                  replicas: 1
                  placement: {constraints: [node.hostname == {{LabNode.Hostname}}, node.labels.failover-drill == data]}
            """);
    }
}
