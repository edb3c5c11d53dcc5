using System.CommandLine;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Text;
using Reconciler.Git;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler failback [PATH]</c>, run on the old manager once it is healthy again: the planned
/// switch back after a failover, with nothing lost (the writers pause for the final sync).
/// </summary>
public static class FailbackCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var dockerHost = CommonOptions.DockerHost();
        var workerDockerHost = new Option<string?>("--worker-docker-host")
        {
            Description = "The worker's Docker Engine as its docker CLI is told (-H), asked over ssh. Default: its DOCKER_HOST or local socket.",
        };
        var yes = new Option<bool>("--yes", "-y") { Description = "Pause the writers without asking (needed when not on a terminal)." };
        var access = new NodeAccess();
        var ageKey = AgeKeyOption.Create();
        var command = new Command("failback",
            "Run on the old manager after a failover, once it is healthy: switch back with nothing lost. It asks the worker\n"
            + "named in its standby record (over ssh) for the failover, then, while the writers still run there, keeps this\n"
            + "node's own writes since the failover as <dataset>.diverged-<time> (renamed, read-only, never destroyed) and\n"
            + "brings each dataset up to the worker's newest snapshot from the last snapshot in common. It leaves the stale\n"
            + "swarm it led and joins the worker's swarm as a manager. Then a short write pause: the writers are scaled to 0,\n"
            + "a final snapshot (@failback-e<epoch>) is sent here, the datasets are promoted here and the worker's copies become\n"
            + "replicas again, the worker is demoted and loses the labels the failover gave it, the fence is lifted, and the\n"
            + "repository at PATH is applied as it is, which starts the writers here. The overlay then ends on the worker and\n"
            + "replication runs from here again, incrementally. Running it again finishes a failback that was cut off.\n"
            + "Stop the controller on the worker first, if one runs there.\n\n"
            + "Examples:\n"
            + "  reconciler failback /srv/reconciler/checkout\n"
            + "  reconciler failback --yes --worker-docker-host unix:///run/docker.sock .")
        {
            path, dockerHost, workerDockerHost, yes, ageKey,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stateDirectory = access.StateDirectory(result);
            if (StandbyRecord.Load(stateDirectory) is not { Address: { } address } standby)
            {
                terminal.Error.WriteLine($"reconciler: error: {StandbyLayout.RefreshRecord} in {stateDirectory} names no worker: failback switches back from the worker this node kept its standby on; is --state-dir right?");
                return 1;
            }

            var worker = access.Node(result, standby.Worker, address);
            var read = await WorkerState.ReadAsync(worker, standby.WorkerStateDirectory, cancellationToken).ConfigureAwait(false);
            if (read.State?.Failover is not { Overlay: var overlay } record || overlay.Lost != Environment.MachineName)
            {
                terminal.Error.WriteLine(read.State is null && !read.Absent
                    ? $"reconciler: error: cannot read {worker.Name}'s state ({Escape.Terminal(read.Problem ?? string.Empty)}); nothing was changed"
                    : $"reconciler: {worker.Name} stands in for no failover of {Environment.MachineName}: there is nothing to fail back");
                return 1;
            }

            if (!record.Applied)
            {
                terminal.Error.WriteLine($"reconciler: error: the failover on {worker.Name} is not finished; run `reconciler failover` there again first");
                return 1;
            }

            var directory = result.GetValue(path)!;
            var secrets = new SecretKeyChoice(result.GetValue(ageKey));
            if (ValidRepository.Load(terminal, directory, "failed back", secrets) is not { } repository)
            {
                return 1;
            }

            var copy = await StandbyReader.ReadAsync(worker, standby.WorkerStateDirectory, cancellationToken).ConfigureAwait(false);
            if (copy.Manifest is null)
            {
                terminal.Error.WriteLine($"reconciler: error: no usable standby on {worker.Name} ({Escape.Terminal(string.Join("; ", copy.Problems))}): its swarm settings say where to join");
                return 1;
            }

            if (!Confirmed(terminal, result.GetValue(yes), overlay.Lost, worker.Name))
            {
                return 1;
            }

            var failback = new Failback(terminal, repository, record, copy.Swarm(), access.Store(result), stateDirectory, worker, standby.WorkerStateDirectory);
            return await failback.RunAsync(
                result.GetValue(dockerHost), result.GetValue(workerDockerHost), cluster => access.Nodes(result, cluster),
                store => ApplyAsync(terminal, store, directory, result.GetValue(dockerHost), cluster => access.Nodes(result, cluster), secrets, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The repository applied as it is, as `apply --yes` would: it starts the writers here again.</summary>
    private static async Task<int> ApplyAsync(
        Terminal terminal, Controller.State.StateStore store, DirectoryInfo directory, string? dockerHost, Func<Core.Model.ClusterManifest?, StorageNodes> nodesOf,
        SecretKeyChoice secrets, CancellationToken cancellationToken)
    {
        using var git = GitWorkTree.Find(directory.FullName);
        var commit = ApplyCommand.CommitOf(terminal, git);
        return await ApplyCommand.DeployAsync(terminal, store, directory, git, commit, store.Load(), dockerHost, nodesOf, secrets, yes: true, cancellationToken).ConfigureAwait(false);
    }

    private static bool Confirmed(Terminal terminal, bool yes, string home, string worker)
    {
        if (yes)
        {
            return true;
        }

        if (Console.IsInputRedirected || !ReferenceEquals(terminal.Output, Console.Out))
        {
            terminal.Error.WriteLine("reconciler: error: failback pauses the writers; pass --yes when not on a terminal");
            return false;
        }

        terminal.Output.Write($"This moves the writers from {worker} back to {home}, pausing them for the final sync. Only 'yes' is accepted: ");
        return Console.ReadLine()?.Trim() == "yes";
    }
}
