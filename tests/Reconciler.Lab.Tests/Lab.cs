using Docker.DotNet;
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
