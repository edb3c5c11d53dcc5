using Docker.DotNet;
using Docker.DotNet.Models;

namespace Reconciler.Lab.Tests;

/// <summary>Where a service's tasks run, as the swarm's manager sees them.</summary>
internal static class LabTasks
{
    /// <summary>The running tasks of a service per node hostname (tasks meant to stop are not counted).</summary>
    public static async Task<Dictionary<string, int>> RunningPerNodeAsync(IDockerClient docker, string service)
    {
        var hostnames = (await docker.Swarm.ListNodesAsync()).ToDictionary(n => n.ID, n => n.Description!.Hostname!);
        var tasks = await docker.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["service"] = new Dictionary<string, bool> { [service] = true },
                ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
            },
        });
        return tasks.Where(t => t.Status?.State == TaskState.Running).GroupBy(t => hostnames[t.NodeID!]).ToDictionary(g => g.Key, g => g.Count());
    }
}
