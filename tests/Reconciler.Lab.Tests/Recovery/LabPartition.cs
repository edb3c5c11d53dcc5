using Reconciler.Storage.Nodes;

namespace Reconciler.Lab.Tests.Recovery;

/// <summary>
/// Cuts the lab's two nodes apart and joins them again, and runs commands on hermes without the
/// network (in its namespaces, as a console on the machine would). While cut, atlas loses hermes as
/// a real manager loses its worker, and hermes cannot reach atlas's swarm, ssh or registry.
/// </summary>
internal static class LabPartition
{
    private const string ManagerLink = "rlab-m0";

    private const string WorkerLink = "rlab-w0";

    private static readonly LocalShell Here = new();

    public static async Task CutAsync()
    {
        await RunAsync(["ip", "link", "set", ManagerLink, "down"]);
        await OnWorkerAsync("ip", "link", "set", WorkerLink, "down");
    }

    /// <summary>Joins the nodes' network again, and nothing else: each keeps the swarm it is in.</summary>
    public static async Task ReconnectAsync()
    {
        await OnWorkerAsync("ip", "link", "set", WorkerLink, "up");
        await RunAsync(["ip", "link", "set", ManagerLink, "up"]);
        await OnWorkerAsync("sh", "-c", "ip route show | grep -q 10.231.0.0/24 || ip route add 10.231.0.0/24 dev " + WorkerLink);
    }

    /// <summary>
    /// Joins the nodes again and puts hermes back into atlas's swarm as a worker, as lab.sh left
    /// it: out of any swarm of its own, the stale node entry removed, joined with a fresh token.
    /// Whatever a drill left (atlas out of any swarm, or in one that lost its quorum when hermes
    /// left), atlas ends up the manager of a working swarm.
    /// </summary>
    public static async Task HealAsync()
    {
        var leave = await Here.RunAsync(OnWorker(["docker", "-H", Lab.WorkerDockerHost, "swarm", "leave", "--force"]), CancellationToken.None);
        Assert.True(leave.Succeeded || leave.Error.Contains("not part of a swarm", StringComparison.Ordinal), leave.Error);
        await ReconnectAsync();
        using var docker = Lab.Connect();
        await ManageSwarmAsync(docker);
        foreach (var node in await docker.Swarm.ListNodesAsync())
        {
            if (node.Description?.Hostname == Lab.Worker)
            {
                await docker.Swarm.RemoveNodeAsync(node.ID, force: true);
            }
        }

        var token = (await docker.Swarm.InspectSwarmAsync()).JoinTokens.Worker;
        var manager = (await docker.Swarm.ListNodesAsync()).Single(n => n.ManagerStatus?.Leader == true).ManagerStatus!.Addr!;
        await OnWorkerAsync("docker", "-H", Lab.WorkerDockerHost, "swarm", "join", "--token", token, manager);
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if ((await docker.Swarm.ListNodesAsync()).Any(n => n.Description?.Hostname == Lab.Worker && n.Status?.State == "ready"))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{Lab.Worker} did not rejoin the lab's swarm within 30s");
    }

    /// <summary>atlas manages a swarm that answers: as it was, re-formed alone when it lost its quorum, or a new one when it is in none.</summary>
    private static async Task ManageSwarmAsync(Docker.DotNet.DockerClient docker)
    {
        var swarm = (await docker.System.GetSystemInfoAsync()).Swarm;
        var address = ManagerAddress;
        if (swarm.LocalNodeState == "inactive")
        {
            await docker.Swarm.InitSwarmAsync(new Docker.DotNet.Models.SwarmInitParameters { AdvertiseAddr = address, ListenAddr = $"{address}:2377" });
            return;
        }

        try
        {
            await docker.Swarm.ListNodesAsync();
        }
        catch (Docker.DotNet.DockerApiException)
        {
            await docker.Swarm.InitSwarmAsync(new Docker.DotNet.Models.SwarmInitParameters { AdvertiseAddr = address, ListenAddr = $"{address}:2377", ForceNewCluster = true });
        }
    }

    /// <summary>atlas's address in the lab's network (lab.sh's MANAGER_IP).</summary>
    private const string ManagerAddress = "10.231.0.1";

    /// <summary>Runs a command on hermes through its namespaces (no network needed); throws when it fails.</summary>
    public static async Task<string> OnWorkerAsync(params string[] command) => await RunAsync(OnWorker(command));

    /// <summary>Runs a command on hermes through its namespaces and returns how it ended.</summary>
    public static Task<CommandResult> TryOnWorkerAsync(params string[] command) => Here.RunAsync(OnWorker(command), CancellationToken.None);

    /// <summary>A command line that runs <paramref name="command"/> on hermes through its namespaces.</summary>
    public static string[] OnWorker(string[] command)
    {
        var root = Environment.GetEnvironmentVariable("RECONCILER_LAB_ROOT") ?? throw new InvalidOperationException(Lab.WhyMissing);
        var anchor = File.ReadAllText(Path.Combine(root, Lab.Worker, "anchor.pid")).Trim();
        return ["nsenter", "--target", anchor, "--mount", "--uts", "--net", "--", .. command];
    }

    private static async Task<string> RunAsync(string[] command)
    {
        var result = await Here.RunAsync(command, CancellationToken.None);
        Assert.True(result.Succeeded, $"{string.Join(' ', command)}: exit {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}
