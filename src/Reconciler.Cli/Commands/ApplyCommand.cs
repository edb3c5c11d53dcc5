using System.CommandLine;
using Reconciler.Core.Diff;
using Reconciler.Core.Model;
using Reconciler.Core.Planning.Rendering;
using Reconciler.Swarm.Resources;
using Reconciler.Swarm.Verify;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler apply [PATH]</c>: plan, confirm, apply in a safe order, then verify convergence.</summary>
public static class ApplyCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var dockerHost = CommonOptions.DockerHost();
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking (needed when not on a terminal)." };
        var command = new Command("apply",
            "Plan, ask for confirmation (unless --yes), apply the changes in a safe order (node labels,\n"
            + "networks, configs, secrets, services, then removals) and wait until every changed service\n"
            + "converged (each stack's convergenceTimeout, default 120s). Exit code 0: converged or nothing\n"
            + "to do; 1: invalid, refused, failed or not converged (the failing task's error is shown).\n\n"
            + "Examples:\n"
            + "  reconciler apply sample-repo\n"
            + "  reconciler apply --yes .   # from a script or CI job")
        {
            path, dockerHost, yes,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var session = await PlanSession.OpenAsync(terminal, result.GetValue(path)!, result.GetValue(dockerHost), cancellationToken);
            if (session is null)
            {
                return PlanCommand.Failed;
            }

            terminal.Output.Write(PlanRenderer.Render(session.Plan, PlanFormat.Text));
            if (!session.Plan.HasChanges)
            {
                return 0;
            }

            if (!result.GetValue(yes) && !Confirm(terminal))
            {
                terminal.Error.WriteLine("reconciler: nothing applied (answer 'yes', or pass --yes when not on a terminal)");
                return PlanCommand.Failed;
            }

            var applier = session.Provider.Applier(session.Snapshot, commit: null);
            foreach (var step in session.Plan.Steps)
            {
                terminal.Output.WriteLine($"applying {step.Action.ToString().ToLowerInvariant()} {step.Key}");
                await applier.ApplyAsync(step, cancellationToken);
            }

            return await VerifyAsync(terminal, session, cancellationToken) ? 0 : PlanCommand.Failed;
        });
        return command;
    }

    private static bool Confirm(Terminal terminal)
    {
        if (Console.IsInputRedirected || !ReferenceEquals(terminal.Output, Console.Out))
        {
            return false;
        }

        terminal.Output.Write("Apply these changes? Only 'yes' is accepted: ");
        return Console.ReadLine()?.Trim() == "yes";
    }

    private static async Task<bool> VerifyAsync(Terminal terminal, PlanSession session, CancellationToken cancellationToken)
    {
        var changed = session.Plan.Steps
            .Where(s => s.Key.Kind == SwarmKinds.Service && s.Action is ChangeAction.Create or ChangeAction.Update)
            .Select(s => s.Key.Name).ToList();
        if (changed.Count == 0)
        {
            return true;
        }

        var timeout = session.Report.State.Stacks.Select(s => Duration.TryParse(s.ConvergenceTimeout, out var t) ? t : TimeSpan.FromSeconds(120)).DefaultIfEmpty(TimeSpan.FromSeconds(120)).Max();
        terminal.Output.WriteLine($"verifying {changed.Count} service(s) converge (up to {Duration.Format(timeout)})...");
        var report = await new ConvergenceWatcher(session.Docker, TimeProvider.System).WaitAsync(changed, timeout, TimeSpan.FromSeconds(1), cancellationToken);
        foreach (var service in report.Services)
        {
            terminal.Output.WriteLine($"  {(service.Converged ? "ok  " : "FAIL")} {service.Service}: {service.Status}");
        }

        terminal.Output.WriteLine(report.Converged ? $"converged in {report.Elapsed.TotalSeconds:0.0}s" : "not converged");
        return report.Converged;
    }
}
