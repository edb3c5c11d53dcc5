using Docker.DotNet;

namespace Reconciler.Lab.Tests;

/// <summary>
/// The worker is lost and comes back (drained and made active again: the scheduler treats both
/// alike and the network stays up): its tasks piled on the manager, and rebalance spreads them.
/// It changes a node's availability, so it runs alone with the whole-swarm tests.
/// </summary>
[Collection(WholeSwarm.Name)]
public sealed class RebalanceLabTests
{
    [LabFact]
    public async Task Rebalance_spreads_the_replicas_a_lost_worker_left_on_the_manager()
    {
        await using var repo = new TestStack(withWorker: true);
        var name = repo.Name("rb");
        repo.Stack(name, $$"""
            services:
              app:
                image: {{Lab.Image}}
                command: ["sleep", "3600"]
                deploy: {replicas: 2}
              pinned:
                image: {{Lab.Image}}
                command: ["sleep", "3600"]
                deploy:
                  replicas: 2
                  placement: {constraints: [node.role == manager]}
            """);
        using var docker = Lab.Connect();
        try
        {
            await SetAvailabilityAsync(docker, Lab.Worker, "drain");
            var applied = repo.Apply();
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.Equal(new Dictionary<string, int> { [LabNode.Hostname] = 2 }, await LabTasks.RunningPerNodeAsync(docker, $"{name}_app"));
            await SetAvailabilityAsync(docker, Lab.Worker, "active");

            var rebalanced = repo.Engine("rebalance", "--yes");

            Assert.True(rebalanced.ExitCode == 0, rebalanced.ToString());
            Assert.Contains($"ok   {name}_app: {LabNode.Hostname} 2, {Lab.Worker} 0 -> {LabNode.Hostname} 1, {Lab.Worker} 1", rebalanced.Output, StringComparison.Ordinal);
            Assert.Contains($"  {name}_pinned: {LabNode.Hostname} 2 (1 ready node(s) may run it)", rebalanced.Output, StringComparison.Ordinal);
            Assert.Equal(new Dictionary<string, int> { [LabNode.Hostname] = 1, [Lab.Worker] = 1 }, await LabTasks.RunningPerNodeAsync(docker, $"{name}_app"));
            Assert.Equal(new Dictionary<string, int> { [LabNode.Hostname] = 2 }, await LabTasks.RunningPerNodeAsync(docker, $"{name}_pinned"));

            // The raised force counter is not drift, and a second run finds nothing to do.
            var plan = repo.Plan();
            Assert.True(plan.ExitCode == 0, plan.ToString());
            var again = repo.Engine("rebalance", "--yes");
            Assert.True(again.ExitCode == 0 && again.Output.Contains("Nothing to rebalance.", StringComparison.Ordinal), again.ToString());
        }
        finally
        {
            await SetAvailabilityAsync(docker, Lab.Worker, "active");
        }
    }

    [LabFact]
    public async Task The_controller_rebalances_a_stack_that_asks_for_it_when_the_worker_comes_back()
    {
        await using var lab = new Controller.ControllerLab();
        var name = lab.Name("rb");
        lab.SpreadStack(name);
        var commit = lab.Push("two replicas that rebalance");
        using var docker = Lab.Connect();
        try
        {
            await SetAvailabilityAsync(docker, Lab.Worker, "drain");
            await lab.StartAsync();
            var drained = await lab.WaitForAsync(s => s.LastGood == commit);
            Assert.Equal(new Dictionary<string, int> { [Lab.Manager] = 2 }, await LabTasks.RunningPerNodeAsync(docker, $"{name}_app"));
            Assert.Equal($"{Lab.Worker} (worker): ready, drain", drained.Nodes.Single(n => n.Name == Lab.Worker).Describe()); // status says why it takes no tasks

            await SetAvailabilityAsync(docker, Lab.Worker, "active");
            await lab.SyncAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!lab.Notifications.Events.Contains("rebalanced") && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(200);
            }

            var notification = Assert.Single(lab.Notifications.Received, n => n["event"]!.GetValue<string>() == "rebalanced");
            Assert.Equal($"Rebalanced 1 service(s): {Lab.Worker} came back", notification["title"]!.GetValue<string>());
            Assert.Equal($"{name}_app: {Lab.Manager} 2, {Lab.Worker} 0 -> {Lab.Manager} 1, {Lab.Worker} 1", notification["message"]!.GetValue<string>());
            Assert.Equal(new Dictionary<string, int> { [Lab.Manager] = 1, [Lab.Worker] = 1 }, await LabTasks.RunningPerNodeAsync(docker, $"{name}_app"));
        }
        finally
        {
            await SetAvailabilityAsync(docker, Lab.Worker, "active");
        }
    }

    private static async Task SetAvailabilityAsync(IDockerClient docker, string hostname, string availability)
    {
        var node = (await docker.Swarm.ListNodesAsync()).Single(n => n.Description?.Hostname == hostname);
        var spec = node.Spec!;
        spec.Availability = availability;
        await docker.Swarm.UpdateNodeAsync(node.ID, node.Version!.Index!.Value, spec);
    }
}
