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

    public static Option<FileInfo?> SshKey() => new("--ssh-key")
    {
        Description = "Private key for nodes reached over ssh (Cluster addresses like root@10.0.0.2). Default: $RECONCILER_SSH_KEY, else ssh's own.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RECONCILER_SSH_KEY") is { Length: > 0 } key ? new FileInfo(key) : null,
    };

    public static Option<FileInfo?> KnownHosts() => new("--known-hosts")
    {
        Description = "known_hosts file with the nodes' host keys (checked strictly). Default: $RECONCILER_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RECONCILER_SSH_KNOWN_HOSTS") is { Length: > 0 } file ? new FileInfo(file) : null,
    };

    public static Option<DirectoryInfo> StateDir() => new("--state-dir")
    {
        Description = "Where the apply history, the last good commit and the managed paths are kept. Default: $RECONCILER_STATE_DIR, else "
            + Controller.State.StateStore.DefaultDirectory + ".",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("RECONCILER_STATE_DIR") ?? Controller.State.StateStore.DefaultDirectory),
    };

    public static Option<PlanFormat> PlanFormat() => new("--format", "-f")
    {
        Description = "text: a terraform-like view (default); markdown: for a pull-request comment; json: for tools.",
        DefaultValueFactory = _ => Core.Planning.Rendering.PlanFormat.Text,
    };
}
