using System.CommandLine;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Recovery;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler failover --lost NODE</c>, run on the worker when the manager is gone: the worker
/// becomes a one-node swarm running everything, from the standby the manager left it and the
/// replicas of its datasets. Each step looks before it acts, so running it again finishes a
/// failover that was cut off.
/// </summary>
public static class FailoverCommand
{
    public static Command Create(Terminal terminal)
    {
        var lost = new Option<string?>("--lost")
        {
            Description = "The node that is lost (the manager). With two nodes there is no third vote: you are the quorum.\n"
                + "Without it, failover asks you to type the name.",
        };
        var dockerHost = CommonOptions.DockerHost();
        var printPatch = new Option<bool>("--print-patch")
        {
            Description = "Print the repository change that makes this failover permanent, as a unified diff, and change nothing.",
        };
        var access = new NodeAccess();
        var ageKey = AgeKeyOption.Create();
        var command = new Command("failover",
            "Run on the worker when the manager is lost: the worker takes over. It reads the standby the controller keeps\n"
            + "in --state-dir (the last good commit, its state, the swarm's settings), refuses while the manager's swarm\n"
            + "port 2377 answers, fences a manager that still answers ssh (stops its Docker, makes its datasets read-only\n"
            + "and unmounts them, over the node's ssh access), prints the RPO per dataset (now minus the newest\n"
            + "replicated snapshot), leaves the old swarm and inits a new one, makes each replica read-write and mounts\n"
            + "it where its source was, snapshots it (@failover-e<epoch>), and applies the last good commit with the lost\n"
            + "node's role, labels, datasets and hostname pins moved to this node. That move is an overlay recorded in the\n"
            + "state with its epoch and shown by plan and status; make it permanent with --print-patch.\n"
            + "Running it again finishes a failover that was cut off.\n\n"
            + "Examples:\n"
            + "  reconciler failover --lost atlas\n"
            + "  reconciler failover --print-patch | (cd /path/to/checkout && git apply)")
        {
            lost, dockerHost, printPatch, ageKey,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stateDirectory = access.StateDirectory(result);
            var here = new StorageNode(Environment.MachineName, new LocalShell());
            var copy = await StandbyReader.ReadAsync(here, stateDirectory, cancellationToken).ConfigureAwait(false);
            if (copy.Manifest is not { } manifest)
            {
                terminal.Error.WriteLine($"reconciler: error: no usable standby in {StandbyLayout.In(stateDirectory)} ({Escape.Terminal(string.Join("; ", copy.Problems))}); "
                    + "failover takes over from the copy the manager's controller writes after each apply (standby.enabled); is --state-dir right?");
                return 1;
            }

            var secrets = new SecretKeyChoice(result.GetValue(ageKey));
            if (ValidRepository.From(terminal, copy.DesiredState(), "failed over", secrets) is not { } repository)
            {
                return 1;
            }

            var (manager, survivor, problem) = FailoverTarget.Pick(repository.Report.State.Cluster, null);
            if (problem is not null)
            {
                terminal.Error.WriteLine($"reconciler: error: {problem}");
                return 1;
            }

            var store = access.Store(result);
            var earlier = store.Load().Failover is { Overlay: var o } record && o.Lost == manager && o.Survivor == survivor ? record : null;
            if (result.GetValue(printPatch))
            {
                var overlay = earlier?.Overlay ?? new FailoverOverlay(manager!, survivor!, manifest.Epoch + 1, DateTimeOffset.UtcNow, new Dictionary<string, TimeSpan>());
                return CheckCommand.PrintPatch(terminal, repository.Files, overlay);
            }

            if (!Confirmed(terminal, result.GetValue(lost), manager!))
            {
                return 1;
            }

            var takeover = new Takeover(terminal, repository, copy, store, manager!, survivor!);
            return await takeover.RunAsync(earlier, result.GetValue(dockerHost), cluster => access.Nodes(result, cluster), secrets, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>A person names the lost node: with two nodes no vote can tell a dead manager from a cut cable.</summary>
    private static bool Confirmed(Terminal terminal, string? named, string manager)
    {
        if (named is null)
        {
            if (Console.IsInputRedirected || !ReferenceEquals(terminal.Output, Console.Out))
            {
                terminal.Error.WriteLine($"reconciler: error: name the lost node with --lost {manager} (needed when not on a terminal)");
                return false;
            }

            terminal.Output.Write($"This makes {Environment.MachineName} take over from {manager}. Type the name of the lost node: ");
            named = Console.ReadLine()?.Trim();
        }

        if (named == manager)
        {
            return true;
        }

        terminal.Error.WriteLine($"reconciler: error: '{Escape.Terminal(named ?? string.Empty)}' is not the manager; failover replaces the lost manager, {manager}");
        return false;
    }
}
