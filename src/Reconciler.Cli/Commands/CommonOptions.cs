using System.CommandLine;
using Reconciler.Core.Planning.Rendering;

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

    public static Option<PlanFormat> PlanFormat() => new("--format", "-f")
    {
        Description = "text: a terraform-like view (default); markdown: for a pull-request comment; json: for tools.",
        DefaultValueFactory = _ => Core.Planning.Rendering.PlanFormat.Text,
    };
}
