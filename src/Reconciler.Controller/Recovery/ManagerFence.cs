using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Fences a lost manager that still answers ssh, before the survivor takes over: a machine that is
/// up may still write its datasets, so it is not trusted to have stopped. Its Docker is stopped,
/// which stops every container on it, the writers with them (swarm mode has no live-restore), and
/// then every dataset reconciler manages there is made read-only and unmounted
/// (<see cref="DatasetFence"/>). If it reboots, its boot guard finds the failover and keeps it so.
/// Each step looks first, so a failover run again fences again harmlessly.
/// </summary>
public static class ManagerFence
{
    private static readonly string[] StopDocker = ["systemctl", "stop", "docker.socket", "docker.service"];

    private static readonly string[] DockerState = ["systemctl", "is-active", "docker.service"];

    /// <summary>What was done, or why the manager could not be fenced (then the failover must not go on).</summary>
    public static async Task<ManagerFenceResult> FenceAsync(StorageNode manager, CancellationToken cancellationToken)
    {
        var stop = await manager.Shell.RunAsync(StopDocker, cancellationToken).ConfigureAwait(false);
        if (!stop.Succeeded)
        {
            return ManagerFenceResult.Failed($"`{string.Join(' ', StopDocker)}` failed there ({Reason(stop)})");
        }

        // is-active exits non-zero for every state but "active", so its answer is read, not its exit code.
        var state = (await manager.Shell.RunAsync(DockerState, cancellationToken).ConfigureAwait(false)).Output.Trim();
        if (state is not ("inactive" or "failed"))
        {
            return ManagerFenceResult.Failed($"Docker there is still {(state.Length == 0 ? "in an unknown state" : state)} after it was stopped");
        }

        var (datasets, problems) = await DatasetFence.FenceAsync(manager, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return ManagerFenceResult.Failed(string.Join("; ", problems));
        }

        return ManagerFenceResult.Fenced(datasets.Count == 0
            ? "Docker stopped; it has no managed dataset"
            : $"Docker stopped; {string.Join(", ", datasets)} read-only and unmounted");
    }

    private static string Reason(CommandResult result) =>
        result.Error.Trim() is { Length: > 0 } error ? error : $"exit {result.ExitCode}";
}

/// <summary>Whether the lost manager is fenced, and what was done or what stood in the way.</summary>
public sealed record ManagerFenceResult(bool Succeeded, string Detail)
{
    public static ManagerFenceResult Fenced(string done) => new(true, done);

    public static ManagerFenceResult Failed(string why) => new(false, why);
}
