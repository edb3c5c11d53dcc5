using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet.Models;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Lab.Tests.Controller;
using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests;

/// <summary>
/// `reconciler run` on the lab: a real bare remote, the real Swarm, the HTTP endpoints and
/// notifications. These are the stories from the controller issue, end to end.
/// </summary>
public sealed class ControllerLabTests
{
    internal static string Web(string marker, string command = "[\"sleep\", \"86400\"]") => $$"""
        services:
          app:
            image: {{Lab.Image}}
            command: {{command}}
            environment: {MARKER: "{{marker}}"}
            deploy:
              replicas: 1
              placement: {constraints: ["node.hostname == {{Lab.Manager}}"]}
        """;

    [LabFact]
    public async Task It_follows_the_branch_applies_pushes_rejects_invalid_commits_rolls_back_and_reverts()
    {
        await using var lab = new ControllerLab();
        var stack = lab.Name("web");
        lab.Stack(stack, Web("one"));
        var first = lab.Push("first");
        await lab.StartAsync();

        var converged = await lab.WaitForAsync(s => s.LastGood == first);
        Assert.Equal(StackSync.InSync, Assert.Single(converged.Stacks).State);
        Assert.True(converged.Ready);

        // The worker holds a standby of the commit that just applied, written over ssh.
        var standby = await lab.WaitForAsync(s => s.Standby is { Fresh: true } v && v.Commit == first);
        Assert.Equal(Lab.Worker, standby.Standby!.Node);
        var copy = await StandbyReader.ReadAsync(LabShell.All[Lab.Worker], lab.WorkerStateDir, CancellationToken.None);
        Assert.Equal((first, 0), (copy.Manifest?.Commit, copy.Problems.Count));

        // A pushed change, started by a signed webhook.
        lab.Stack(stack, Web("two"));
        var second = lab.Push("second");
        var clock = Stopwatch.StartNew();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await lab.WebhookAsync()).StatusCode);
        await lab.WaitForAsync(s => s.Tip == second, TimeSpan.FromSeconds(10));
        var pushToApplyStart = clock.Elapsed;
        await lab.WaitForAsync(s => s.LastGood == second);
        Assert.True(pushToApplyStart < TimeSpan.FromSeconds(5), $"webhook to apply start took {pushToApplyStart}");

        // A commit that does not validate is rejected; the cluster stays on the last good commit.
        lab.Write($"stacks/{stack}/stack.yaml", $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: {stack}}}\nspec: {{compose: compose.yaml, colour: blue}}\n");
        var invalid = lab.Push("invalid");
        await lab.SyncAsync();
        var rejected = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == invalid);
        Assert.Equal(ApplyResult.Rejected, rejected.History[0].Result);
        Assert.Contains("RC103", rejected.History[0].Summary, StringComparison.Ordinal);
        Assert.Equal(second, rejected.LastGood);
        var fixedAgain = lab.Revert(invalid);
        await lab.SyncAsync();
        await lab.WaitForAsync(s => s.LastGood == fixedAgain);

        // A commit whose service crashes is rolled back to the last good one.
        lab.Stack(stack, Web("three", "[\"sh\", \"-c\", \"exit 1\"]"));
        var broken = lab.Push("broken");
        await lab.SyncAsync();
        var rolledBack = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == broken, TimeSpan.FromSeconds(180));
        Assert.Equal(ApplyResult.RolledBack, rolledBack.History[0].Result);
        Assert.Equal(StackSync.Failed, Assert.Single(rolledBack.Stacks).State);
        Assert.Equal("two", await MarkerAsync(stack));

        // git revert is just another commit.
        var reverted = lab.Revert(broken);
        await lab.SyncAsync();
        var back = await lab.WaitForAsync(s => s.LastGood == reverted, TimeSpan.FromSeconds(120));
        Assert.Equal(StackSync.InSync, Assert.Single(back.Stacks).State);

        await WaitUntil(() => lab.Notifications.Events.Contains("rolled-back") && lab.Notifications.Events.Contains("rejected"));
        Assert.Contains("applied", lab.Notifications.Events);
    }

    [LabFact]
    public async Task Drift_is_corrected_but_only_reported_while_suspended()
    {
        await using var lab = new ControllerLab();
        var (stack, commit) = await StartedAsync(lab, "drift");

        await ScaleAsync($"{stack}_app", 2);
        await lab.SyncAsync();
        await lab.WaitForAsync(s => s.History.Count >= 2 && s.History[0].Result == ApplyResult.Converged && s.Stacks.All(st => st.State == StackSync.InSync));
        Assert.Equal(1UL, await ReplicasAsync($"{stack}_app"));
        await WaitUntil(() => lab.Notifications.Events.Contains("drift-corrected"));

        Assert.True((await lab.ControlAsync("suspend")).IsSuccessStatusCode);
        await ScaleAsync($"{stack}_app", 2);
        await lab.SyncAsync();
        var drifted = await lab.WaitForAsync(s => s.Suspended && s.Stacks.Any(st => st.State == StackSync.Drifted));
        Assert.Contains($"update service {stack}_app", drifted.Stacks[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2UL, await ReplicasAsync($"{stack}_app"));

        Assert.True((await lab.ControlAsync("resume")).IsSuccessStatusCode);
        await lab.WaitForAsync(s => !s.Suspended && s.Stacks.All(st => st.State == StackSync.InSync));
        Assert.Equal(1UL, await ReplicasAsync($"{stack}_app"));
    }

    [LabFact]
    public async Task An_unreachable_remote_or_engine_is_reported_and_survived()
    {
        await using var lab = new ControllerLab();
        var stack = lab.Name("fault");
        lab.Stack(stack, Web("one"));
        var commit = lab.Push("first");
        var socket = Path.Combine(lab.Root, "docker.sock");
        File.CreateSymbolicLink(socket, new Uri(Lab.DockerHost!).AbsolutePath);
        await lab.StartAsync(dockerHost: "unix://" + socket);
        await lab.WaitForAsync(s => s.LastGood == commit);

        Directory.Move(lab.Remote, lab.Remote + ".away");
        await lab.SyncAsync();
        var gitDown = await lab.WaitForAsync(s => s.LastError?.StartsWith("git: cannot fetch", StringComparison.Ordinal) == true);
        Assert.Equal("error", gitDown.Phase);
        Directory.Move(lab.Remote + ".away", lab.Remote);
        await lab.SyncAsync();
        await lab.WaitForAsync(s => s.LastError is null && s.Phase == "idle");

        File.Delete(socket);
        await lab.SyncAsync();
        var engineDown = await lab.WaitForAsync(s => s.LastError?.Contains("cannot talk to the Docker Engine", StringComparison.Ordinal) == true);
        Assert.Equal(commit, engineDown.LastGood);
        File.CreateSymbolicLink(socket, new Uri(Lab.DockerHost!).AbsolutePath);
        await lab.SyncAsync();
        await lab.WaitForAsync(s => s.LastError is null && s.Stacks.All(st => st.State == StackSync.InSync));
        Assert.Equal("ok\n", await lab.Http.GetStringAsync("/healthz"));
    }

    [LabTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Killed_right_after_the_service_update_the_restart_resumes_the_apply_and_blesses_only_a_converged_commit(bool healthy)
    {
        await using var lab = new ControllerLab();
        var stack = lab.Name("kill");
        lab.Stack(stack, Web("one"));
        var first = lab.Push("first");
        lab.StartProcess();
        await lab.WaitForAsync(s => s.LastGood == first);

        // SIGKILL once the engine took the new spec, before verification could end: the restart
        // sees an empty plan, which must not pass for proof of health.
        lab.Stack(stack, healthy ? Web("two") : Web("two", "[\"false\"]"));
        var second = lab.Push("second");
        await lab.SyncAsync();
        await WaitUntilAsync(async () => await MarkerAsync(stack) == "two");
        lab.Kill();

        var interrupted = new StateStore(lab.StateDir).Load();
        Assert.Equal(first, interrupted.LastGoodCommit);
        Assert.Equal(second, interrupted.InProgress?.Commit);

        lab.StartProcess();
        var after = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == second, TimeSpan.FromSeconds(180));
        var state = new StateStore(lab.StateDir).Load();
        Assert.Null(state.InProgress);
        if (healthy)
        {
            Assert.Equal(ApplyResult.NoChanges, after.History[0].Result);
            Assert.Equal((second, second), (after.LastGood, after.Applied));
            Assert.Equal(StackSync.InSync, Assert.Single(after.Stacks).State);
            Assert.Equal("two", await MarkerAsync(stack));
        }
        else
        {
            Assert.Equal(ApplyResult.RolledBack, after.History[0].Result);
            Assert.Equal((first, first), (after.LastGood, after.Applied));
            Assert.Equal(StackSync.Failed, Assert.Single(after.Stacks).State);
            Assert.Equal("one", await MarkerAsync(stack));
        }
    }

    [LabFact]
    public async Task A_webhook_flood_runs_one_cycle_at_a_time_and_bad_requests_start_nothing()
    {
        await using var lab = new ControllerLab();
        _ = await StartedAsync(lab, "flood");
        var before = await CyclesAsync(lab);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => lab.WebhookAsync()));
        var bad = await Task.WhenAll(
            lab.WebhookAsync(secret: "wrong"),
            lab.WebhookAsync(reference: "refs/heads/other"),
            OversizedAsync(lab),
            lab.Http.PostAsync("/hooks/gitea", new StringContent("{\"ref\":\"refs/heads/main\"}")));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await lab.WaitForAsync(s => s.Phase == "idle");

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal([403, 422, 413, 401], bad.Select(b => (int)b.StatusCode));
        var cycles = await CyclesAsync(lab) - before;
        Assert.InRange(cycles, 1, 3);
        var metrics = await lab.Http.GetStringAsync("/metrics");
        Assert.Contains("reconciler_webhook_requests_total{outcome=\"accepted\"} 200", metrics, StringComparison.Ordinal);
        Assert.Contains("reconciler_webhook_requests_total{outcome=\"bad-signature\"} 1", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// A body over the limit, announced with Expect: 100-continue as large uploads are: the controller
    /// answers 413 from the headers alone. Sent without it, the controller's early answer and close
    /// could meet the client still writing (a broken pipe instead of the 413).
    /// </summary>
    private static Task<HttpResponseMessage> OversizedAsync(ControllerLab lab)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/gitea") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        request.Headers.ExpectContinue = true;
        return lab.Http.SendAsync(request);
    }

    /// <summary>A controller that has applied a first commit with one stack; returns the stack and the commit.</summary>
    private static async Task<(string Stack, string Commit)> StartedAsync(ControllerLab lab, string purpose)
    {
        var stack = lab.Name(purpose);
        lab.Stack(stack, Web("one"));
        var commit = lab.Push("first");
        await lab.StartAsync();
        await lab.WaitForAsync(s => s.LastGood == commit);
        return (stack, commit);
    }

    private static async Task<double> CyclesAsync(ControllerLab lab) =>
        (await lab.Http.GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith("reconciler_cycles_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));

    internal static async Task<string> MarkerAsync(string stack)
    {
        using var docker = Lab.Connect();
        var service = (await docker.Swarm.ListServicesAsync(new ServiceListParameters())).Single(s => s.Spec!.Name == $"{stack}_app");
        return service.Spec!.TaskTemplate!.ContainerSpec!.Env!.Single(e => e.StartsWith("MARKER=", StringComparison.Ordinal))["MARKER=".Length..];
    }

    private static async Task<ulong> ReplicasAsync(string service)
    {
        using var docker = Lab.Connect();
        return (await docker.Swarm.InspectServiceAsync(service)).Spec!.Mode!.Replicated!.Replicas!.Value;
    }

    private static async Task ScaleAsync(string service, ulong replicas)
    {
        using var docker = Lab.Connect();
        var current = await docker.Swarm.InspectServiceAsync(service);
        current.Spec!.Mode!.Replicated!.Replicas = replicas;
        await docker.Swarm.UpdateServiceAsync(service, new ServiceUpdateParameters { Service = current.Spec, Version = (long)current.Version!.Index!.Value });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(await condition());
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
