using System.CommandLine;
using System.Text;
using System.Text.Json;
using Reconciler.Controller.Http;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.State;
using Reconciler.Core.Recovery;
using Reconciler.Core.Text;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler check failover [PATH]</c>: could the worker take over right now? One line per check, with what to do; or, with --print-patch, the repository change a failover makes permanent.</summary>
public static class CheckCommand
{
    public static Command Create(Terminal terminal) => new("check", "Check, before anything fails, that recovery would work.") { Failover(terminal) };

    private static Command Failover(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON." };
        var printPatch = new Option<bool>("--print-patch")
        {
            Description = "Print, as a unified diff, the change to the repository that makes a failover to the worker\n"
                + "permanent (the worker takes the manager's role and labels, datasets become their replicas,\n"
                + "paths and hostname pins follow, replications from the lost node go); review it, then git apply it.\n"
                + "Reads only the repository.",
        };
        var dockerHost = CommonOptions.DockerHost();
        var worker = new Option<string?>("--worker") { Description = "The worker that would take over. Default: the Cluster's only worker." };
        var workerStateDir = new Option<string>("--worker-state-dir")
        {
            Description = "The state directory on the worker, which holds the standby. Default: " + StateStore.DefaultDirectory + ".",
            DefaultValueFactory = _ => StateStore.DefaultDirectory,
        };
        var workerDockerHost = new Option<string?>("--worker-docker-host") { Description = "The worker's Docker Engine as its docker CLI is told (-H). Default: its DOCKER_HOST or local socket." };
        var workerReconciler = new Option<string>("--worker-reconciler")
        {
            Description = "How reconciler is run on the worker (split at spaces). Default: reconciler.",
            DefaultValueFactory = _ => "reconciler",
        };
        var access = new NodeAccess();
        var command = new Command("failover",
            "Can the worker take over right now, with the manager and its registry gone? Checks that every writer's\n"
            + "dataset is replicated to the worker within maxLag (and prints the RPO: now minus the newest replicated\n"
            + "snapshot), that the standby on the worker is intact and on the last good commit, that every stack's image\n"
            + "is on the worker or in a registry not on the manager, that every path that would move is on the worker\n"
            + "with its owner and mode, and that the worker's own reconciler runs. Exit code 0: ready; 1: not ready.")
        {
            path, json, printPatch, dockerHost, worker, workerStateDir, workerDockerHost, workerReconciler,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ValidRepository.Load(terminal, result.GetValue(path)!, "checked") is not { Report.State: var desired } repository)
            {
                return 1;
            }

            var (manager, taker, problem) = FailoverTarget.Pick(desired.Cluster, result.GetValue(worker));
            if (problem is not null)
            {
                terminal.Error.WriteLine($"reconciler: error: {problem}");
                return 1;
            }

            if (result.GetValue(printPatch))
            {
                return PrintPatch(terminal, repository.Files, new FailoverOverlay(manager!, taker!, 0, DateTimeOffset.UtcNow, new Dictionary<string, TimeSpan>()));
            }

            var target = new FailoverTarget(manager!, taker!, result.GetValue(workerStateDir)!, result.GetValue(workerDockerHost),
                result.GetValue(workerReconciler)!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            using var docker = DockerEndpoint.Connect(DockerEndpoint.Resolve(result.GetValue(dockerHost), Environment.GetEnvironmentVariable));
            var observer = new FailoverObserver(access.Nodes(result, desired.Cluster), docker, target);
            var report = await observer.CheckAsync(desired, access.Store(result).Load().LastGoodCommit, TimeProvider.System, cancellationToken);
            terminal.Output.Write(result.GetValue(json) ? JsonSerializer.Serialize(report, ControllerHost.Json.Info<FailoverReport>()) + "\n" : Text(terminal, report));
            return report.Ready ? 0 : 1;
        });
        return command;
    }

    internal static int PrintPatch(Terminal terminal, Core.Loading.IRepositoryFiles files, FailoverOverlay overlay)
    {
        var patch = FailoverPatch.For(files, overlay);
        foreach (var problem in patch.Problems)
        {
            terminal.Error.WriteLine($"reconciler: edit by hand: {Escape.Terminal(problem.ToString())}");
        }

        // Line by line: the repository is untrusted, but the diff's own line breaks must stay.
        foreach (var line in patch.Diff.Split('\n').SkipLast(1))
        {
            terminal.Output.Write(Escape.Terminal(line) + "\n");
        }

        return patch.Changes.Count > 0 && patch.Problems.Count == 0 ? 0 : 1;
    }

    private static string Text(Terminal terminal, FailoverReport report)
    {
        var text = new StringBuilder();
        foreach (var finding in report.Findings)
        {
            text.Append($"{terminal.Paint(finding.Ok ? "ok  " : "FAIL", finding.Ok ? "32" : "31")} {finding.Check,-10} {Escape.Terminal(finding.Subject)}: {Escape.Terminal(finding.Detail)}\n");
            if (finding.Remedy is { } remedy)
            {
                text.Append($"     {"",-10} → {Escape.Terminal(remedy)}\n");
            }
        }

        return text.Append(report.Verdict()).Append('\n').ToString();
    }
}
