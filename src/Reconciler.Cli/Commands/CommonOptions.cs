using System.CommandLine;

namespace Reconciler.Cli.Commands;

/// <summary>Arguments and options several verbs share, described once.</summary>
internal static class CommonOptions
{
    public static Argument<DirectoryInfo> Path() => new("PATH")
    {
        Description = "The desired-state repository (a checkout or any directory). Default: the current directory.",
        DefaultValueFactory = _ => new DirectoryInfo("."),
    };

    public static Option<string?> DockerHost() => new("--docker-host", "-H")
    {
        Description = "The Docker Engine endpoint, e.g. unix:///var/run/docker.sock. Default: $DOCKER_HOST, else the local socket.",
    };
}
