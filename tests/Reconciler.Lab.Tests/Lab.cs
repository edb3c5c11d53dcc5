using Docker.DotNet;
using Reconciler.Storage.Nodes;
using Reconciler.Swarm.Engine;

namespace Reconciler.Lab.Tests;

/// <summary>
/// The sandboxed lab that scripts/lab.sh starts, found through the variables it exports
/// (DOCKER_HOST, RECONCILER_LAB_IMAGE). Never the user's own Docker: without those variables
/// there is no lab.
/// </summary>
internal static class Lab
{
    public static string? DockerHost => Environment.GetEnvironmentVariable("RECONCILER_LAB_DOCKER_HOST");

    /// <summary>A tiny busybox image in the lab's own registry.</summary>
    public static string Image => Environment.GetEnvironmentVariable("RECONCILER_LAB_IMAGE") ?? "missing-lab-image";

    /// <summary>A second tag of the same image with different content, for update tests.</summary>
    public static string Image2 => Environment.GetEnvironmentVariable("RECONCILER_LAB_IMAGE2") ?? "missing-lab-image";

    public static bool IsUp => !string.IsNullOrEmpty(DockerHost);

    /// <summary>The Swarm manager that owns the data (pool tank); tests run on it, as the controller does.</summary>
    public static string Manager => Environment.GetEnvironmentVariable("RECONCILER_LAB_MANAGER") ?? "atlas";

    /// <summary>The worker that receives replicas (pool backup), reached over ssh.</summary>
    public static string Worker => Environment.GetEnvironmentVariable("RECONCILER_LAB_WORKER") ?? "hermes";

    /// <summary>The worker's engine as a docker CLI on the worker reaches it (-H).</summary>
    public static string WorkerDockerHost => Environment.GetEnvironmentVariable("RECONCILER_LAB_WORKER_DOCKER_HOST") ?? "missing-lab";

    public static string WorkerAddress => Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_DESTINATION") ?? "missing-lab";

    public static string SshKey => Environment.GetEnvironmentVariable("RECONCILER_LAB_SSH_KEY") ?? "missing-lab";

    public static string KnownHosts => Environment.GetEnvironmentVariable("RECONCILER_LAB_KNOWN_HOSTS") ?? "missing-lab";

    public static string ManagerPool => Environment.GetEnvironmentVariable("RECONCILER_LAB_MANAGER_POOL") ?? "tank";

    public static string WorkerPool => Environment.GetEnvironmentVariable("RECONCILER_LAB_WORKER_POOL") ?? "backup";

    /// <summary>
    /// The nodes as the controller on the manager sees them: itself locally, the worker over ssh.
    /// Storage tests must run inside the manager node (scripts/lab.sh exec atlas ...), where
    /// "local" means atlas's own zfs and /srv.
    /// </summary>
    public static StorageNodes StorageNodes()
    {
        if (Environment.MachineName != Manager)
        {
            throw new InvalidOperationException(
                $"storage tests run on the lab's manager node, but this is {Environment.MachineName}: run them with `scripts/lab.sh exec {Manager} dotnet test` (scripts/test.sh does)");
        }

        return new StorageNodes([
            new StorageNode(Manager, new LocalShell()),
            new StorageNode(Worker, new SshShell(WorkerAddress, new SshOptions(SshKey, KnownHosts) { ControlDirectory = SshOptions.ControlDirectoryIn(StateDirectory) })),
        ]);
    }

    /// <summary>Where lab tests keep reconciler state of their own (the ssh control sockets).</summary>
    public static string StateDirectory => Path.Combine(Path.GetTempPath(), "reconciler-lab-state");

    public static string WhyMissing =>
        "the lab is not running: start it with `scripts/lab.sh up` and `eval \"$(scripts/lab.sh env)\"` (CI does this in .ci/run)";

    public static DockerClient Connect() => DockerEndpoint.Connect(new Uri(DockerHost ?? throw new InvalidOperationException(WhyMissing)));
}

/// <summary>
/// A test that needs the lab: skipped on a developer machine without it, but failing in CI
/// (CI=true), where a missing lab is a broken pipeline, not a reason to pass.
/// </summary>
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute()
    {
        if (!Lab.IsUp && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = Lab.WhyMissing;
        }
    }
}

public sealed class LabTheoryAttribute : TheoryAttribute
{
    public LabTheoryAttribute()
    {
        if (!Lab.IsUp && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = Lab.WhyMissing;
        }
    }
}
