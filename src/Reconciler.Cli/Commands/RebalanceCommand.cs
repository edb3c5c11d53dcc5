using System.CommandLine;
using Reconciler.Controller.Deployment;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Swarm.Engine;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler rebalance [PATH]</c>: spreads the tasks a lost node left piled on the others, once it is back.</summary>
public static class RebalanceCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var dockerHost = CommonOptions.DockerHost();
        var stacks = new Option<string[]>("--stack") { Description = "Only this stack of the repository (repeat for more). Default: all of them.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var yes = new Option<bool>("--yes", "-y") { Description = "Rebalance without asking (needed when not on a terminal)." };
        var command = new Command("rebalance",
            "Swarm never moves running tasks: after a node was down, the tasks it ran stay on the others.\n"
            + "This finds the replicated services of the repository's stacks whose tasks two ready nodes they\n"
            + "may run on (by their node.hostname, node.role and node.labels constraints) hold unevenly (more\n"
            + "than one apart), asks (unless --yes), forces a rolling update of each (as `docker service update\n"
            + "--force` does, following the service's update_config), waits until they converged and prints\n"
            + "where their tasks ran before and after. A Dataset's writer, global services, jobs, services with\n"
            + "placement preferences or with other constraints are never touched.\n"
            + "Exit code 0: rebalanced or nothing to do; 1: declined, did not converge, or an error.\n\n"
            + "Examples:\n"
            + "  reconciler rebalance .                       # after the worker came back\n"
            + "  reconciler rebalance --stack whoami --yes .")
        {
            path, dockerHost, stacks, yes,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ValidRepository.Load(terminal, result.GetValue(path)!, "rebalanced") is not { Report.State: var state })
            {
                return 1;
            }

            var chosen = result.GetValue(stacks) is { Length: > 0 } named ? named : state.Stacks.Select(s => s.Name).ToArray();
            if (chosen.FirstOrDefault(n => state.Stacks.All(s => s.Name != n)) is { } unknown)
            {
                terminal.Error.WriteLine($"reconciler: error: the repository has no stack '{Escape.Terminal(unknown)}'; it has: {string.Join(", ", state.Stacks.Select(s => s.Name))}");
                return 1;
            }

            var endpoint = DockerEndpoint.Resolve(result.GetValue(dockerHost), Environment.GetEnvironmentVariable);
            using var docker = DockerEndpoint.Connect(endpoint);
            try
            {
                return await RebalanceAsync(terminal, new SwarmRebalancer(docker, TimeProvider.System), state, chosen, result.GetValue(yes), cancellationToken);
            }
            catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e))
            {
                terminal.Error.WriteLine($"reconciler: error: cannot talk to the Docker Engine at {endpoint}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RebalanceAsync(Terminal terminal, SwarmRebalancer rebalancer, DesiredState state, string[] stacks, bool yes, CancellationToken cancellationToken)
    {
        var decisions = await rebalancer.DecideAsync(stacks, Rebalancing.WritersOf(state), cancellationToken);
        foreach (var decision in decisions)
        {
            var mark = decision.Unbalanced ? terminal.Paint("~", "33") : " ";
            terminal.Output.WriteLine($"{mark} {Escape.Terminal($"{decision.Placement.Service}: {decision.Placement.Describe(decision.Eligible)} ({decision.Reason})")}");
        }

        var unbalanced = decisions.Where(d => d.Unbalanced).ToList();
        if (unbalanced.Count == 0)
        {
            terminal.Output.WriteLine(decisions.Count == 0 ? "No service of these stacks runs." : "Nothing to rebalance.");
            return 0;
        }

        if (!yes && !terminal.Confirm($"Rebalance {unbalanced.Count} service(s) with a rolling restart?"))
        {
            terminal.Error.WriteLine("reconciler: nothing rebalanced (answer 'yes', or pass --yes when not on a terminal)");
            return 1;
        }

        var rebalanced = await rebalancer.RebalanceAsync(unbalanced, state, cancellationToken);
        foreach (var service in rebalanced)
        {
            var line = $"{service.Service}: {service.Before} -> {service.After}" + (service.Converged ? string.Empty : $" ({service.Status})");
            terminal.Output.WriteLine($"{terminal.Paint(service.Converged ? "ok  " : "FAIL", service.Converged ? "32" : "31")} {Escape.Terminal(line)}");
        }

        return rebalanced.All(s => s.Converged) ? 0 : 1;
    }
}
