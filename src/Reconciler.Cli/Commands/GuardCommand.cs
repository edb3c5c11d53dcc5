using System.CommandLine;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler guard</c>, run on the manager at boot before Docker starts (reconciler-guard.service):
/// if the worker took over while this node was gone, or it cannot tell, the node fences itself.
/// </summary>
public static class GuardCommand
{
    public static Command Create(Terminal terminal)
    {
        var release = new Option<bool>("--release")
        {
            Description = "Lift the fence: make the fenced datasets writable and mounted again and let the controller apply.\n"
                + "Only once this node's data is the one to keep (after a failback, or when the worker never took over).",
        };
        var dockerHost = CommonOptions.DockerHost();
        var access = new NodeAccess();
        var command = new Command("guard",
            "Run on the manager before Docker starts (deploy/reconciler-guard.service does, at boot). It asks the worker\n"
            + "that keeps its standby whether a failover there replaced this node. If so, or if the worker cannot be asked,\n"
            + "this node fences itself: every dataset reconciler manages here becomes read-only, unmounted and not mounted\n"
            + "at boot, and the controller stays suspended, so no writer starts on stale data. When a failover was found\n"
            + "(not only suspected) and Docker runs, it also leaves the stale swarm this node led, which stops its tasks\n"
            + "here; before Docker starts, the controller's first cycle does that. Exit code 0 unless the\n"
            + "guard itself failed; it says what it found either way.\n\n"
            + "Examples:\n"
            + "  reconciler guard\n"
            + "  reconciler guard --release   # after a failback, or once you know the worker never took over")
        {
            release, dockerHost,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stateDirectory = access.StateDirectory(result);
            var here = new StorageNode(Environment.MachineName, new LocalShell());
            var fenced = FenceRecord.Load(stateDirectory);
            if (result.GetValue(release))
            {
                if (fenced is null)
                {
                    terminal.Output.WriteLine("guard: this node is not fenced");
                    return 0;
                }

                await DatasetFence.ReleaseAsync(here, fenced.Datasets, cancellationToken).ConfigureAwait(false);
                File.Delete(FenceRecord.PathIn(stateDirectory));
                terminal.Output.WriteLine($"guard: released; {(fenced.Datasets.Count == 0 ? "no dataset was fenced" : string.Join(", ", fenced.Datasets) + " writable and mounted again")}; the controller applies again");
                if (fenced.FailedOver)
                {
                    terminal.Output.WriteLine($"guard: this node left its stale swarm when it was fenced: `reconciler failback` joins {fenced.Survivor}'s swarm, `docker swarm init` starts a new one");
                }
                return 0;
            }

            if (fenced is not null)
            {
                terminal.Output.WriteLine($"guard: still {Escape.Terminal(fenced.Describe())}; `reconciler guard --release` lifts it");
                await LeaveStaleSwarmAsync(terminal, fenced, stateDirectory, result.GetValue(dockerHost), cancellationToken).ConfigureAwait(false);
                return 0;
            }

            if (StandbyRecord.Load(stateDirectory) is not { Address: { } address } standby)
            {
                terminal.Output.WriteLine($"guard: no standby is kept from here ({StandbyLayout.RefreshRecord} in {stateDirectory} names no worker), so no worker can have taken over; nothing to guard");
                return 0;
            }

            var worker = access.Node(result, standby.Worker, address);
            var verdict = await ReturnGuard.JudgeAsync(worker, standby.WorkerStateDirectory, Environment.MachineName, cancellationToken).ConfigureAwait(false);
            if (!verdict.MustFence)
            {
                terminal.Output.WriteLine($"guard: {Escape.Terminal(verdict.Reason)}; this node stays the manager");
                return 0;
            }

            var (datasets, problems) = await DatasetFence.FenceAsync(here, cancellationToken).ConfigureAwait(false);
            var reason = problems.Count == 0 ? verdict.Reason : $"{verdict.Reason}; {string.Join("; ", problems)}";
            var record = new FenceRecord(DateTimeOffset.UtcNow, reason, verdict.Epoch, standby.Worker, datasets) { SurvivorSwarm = verdict.SurvivorSwarm };
            record.Save(stateDirectory);
            terminal.Output.WriteLine($"guard: {Escape.Terminal(record.Describe())}");
            await LeaveStaleSwarmAsync(terminal, record, stateDirectory, result.GetValue(dockerHost), cancellationToken).ConfigureAwait(false);
            terminal.Output.WriteLine("guard: the controller stays suspended; see README \"Recovery\" for failback, or `reconciler guard --release` once this node's data is the one to keep");
            return 0;
        });
        return command;
    }

    /// <summary>After a proven failover, leaves the stale swarm if Docker runs (the controller's first cycle does it otherwise).</summary>
    private static async Task LeaveStaleSwarmAsync(Terminal terminal, FenceRecord fence, string stateDirectory, string? dockerHost, CancellationToken cancellationToken)
    {
        if (!fence.FailedOver)
        {
            return;
        }

        var endpoint = Swarm.Engine.DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable);
        using var docker = Swarm.Engine.DockerEndpoint.Connect(endpoint);
        try
        {
            if (await StaleSwarm.LeaveAsync(docker, fence.SurvivorSwarm, cancellationToken).ConfigureAwait(false) is { } left)
            {
                (fence with { Reason = $"{fence.Reason}; {left}" }).Save(stateDirectory);
                terminal.Output.WriteLine($"guard: {left}");
            }
        }
        catch (Exception e) when (Controller.Deployment.ClusterObservation.IsEngineUnreachable(e))
        {
            terminal.Output.WriteLine($"guard: Docker does not answer at {endpoint} yet; the controller's first cycle leaves the stale swarm");
        }
    }
}
