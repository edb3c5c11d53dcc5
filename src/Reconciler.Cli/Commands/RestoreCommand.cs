using System.CommandLine;
using Reconciler.Controller.Http;
using Reconciler.Controller.Recovery;
using Reconciler.Core.Text;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler restore DATASET --to SNAPSHOT [PATH]</c>: bring a dataset back to a snapshot with
/// its services stopped meanwhile, keeping what it replaces. Each step looks before it acts and
/// the restore is recorded until its services run again, so running it again finishes one that was cut off.
/// </summary>
public static class RestoreCommand
{
    public static Command Create(Terminal terminal)
    {
        var dataset = new Argument<string>("DATASET") { Description = "A Dataset of the repository (pool/path), e.g. tank/apps/vaultwarden." };
        var path = CommonOptions.Path();
        var to = new Option<string>("--to")
        {
            Description = "The snapshot to restore: its name after the @ (`reconciler snapshots DATASET` lists them).",
            Required = true,
        };
        var method = new Option<string>("--method")
        {
            Description = "clone (default): clone the snapshot and swap it in; the timeline it replaces is kept, whole, as\n"
                + "<dataset>.before-restore-<time>. rollback: zfs rollback -r, which DESTROYS every newer snapshot and the\n"
                + "current state (nothing of it is kept); only when asked for.",
            DefaultValueFactory = _ => Name(RestoreMethod.Clone),
        };
        method.AcceptOnlyFromAmong(Name(RestoreMethod.Clone), Name(RestoreMethod.Rollback));
        var fromReplica = new Option<bool>("--from-replica")
        {
            Description = "Stream the snapshot back from a Replication's target, for when the dataset's own snapshots are gone or\n"
                + "damaged. The dataset's timeline is kept aside as with clone.",
        };
        var yes = new Option<bool>("--yes", "-y") { Description = "Restore without asking (needed when not on a terminal)." };
        var dockerHost = CommonOptions.DockerHost();
        var url = ControlCommands.Url();
        var access = new NodeAccess();
        var command = new Command("restore",
            "Restore a Dataset to one of its snapshots. It stops the services of the repository that mount the dataset\n"
            + "(scaled to 0; its writer and any reader), checks that no container still mounts it, snapshots the\n"
            + "current state as @pre-restore-<time> (kept, never pruned), restores, marks the snapshot as the dataset's\n"
            + "new base (kept; the next replication keeps the replica's newer snapshots aside, renamed, and continues\n"
            + "incrementally without force), starts the services again and waits until they are healthy.\n"
            + "A controller running with the same --state-dir stays suspended meanwhile, and apply refuses: a restore is\n"
            + "recorded there until its services run again, and running the same command again finishes one that was\n"
            + "cut off. Nothing is destroyed unless --method rollback is given. Exit code 0: restored and healthy; 1: otherwise.\n\n"
            + "Examples:\n"
            + "  reconciler snapshots tank/apps/vaultwarden .                       # the points to choose from\n"
            + "  reconciler restore tank/apps/vaultwarden --to reconciler_20261126T101500Z .\n"
            + "  reconciler restore tank/apps/vaultwarden --to reconciler_20261126T101500Z --from-replica .\n"
            + "  reconciler restore tank/apps/vaultwarden --to reconciler_20261126T101500Z --method rollback --yes .")
        {
            dataset, path, to, method, fromReplica, yes, dockerHost, url,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var chosen = result.GetValue(fromReplica) ? RestoreMethod.FromReplica : StateNames.Parse<RestoreMethod>(result.GetValue(method)!)!.Value;
            if (chosen == RestoreMethod.FromReplica && result.GetValue(method) != Name(RestoreMethod.Clone))
            {
                terminal.Error.WriteLine("reconciler: error: --from-replica streams the snapshot into a new dataset and keeps the old one aside; it cannot be combined with --method rollback");
                return 1;
            }

            var stateDirectory = access.StateDirectory(result);
            if (FenceRecord.Load(stateDirectory) is { } fenced)
            {
                terminal.Error.WriteLine($"reconciler: error: this node is {Escape.Terminal(fenced.Describe())}; nothing restored. After a failback, `reconciler guard --release` lifts it.");
                return 1;
            }

            var repositoryPath = result.GetValue(path)!;
            if (ValidRepository.Load(terminal, repositoryPath, "restored") is not { } repository
                || DeclaredDataset.Find(terminal, repository, PlanSession.Stored(terminal, access.Store(result)), result.GetValue(dataset)!) is not { } found)
            {
                return 1;
            }

            using var http = new HttpClient { BaseAddress = result.GetValue(url), Timeout = TimeSpan.FromSeconds(10) };
            var pause = new ControllerPause(http, ReadToken(stateDirectory), TimeSpan.FromMinutes(5), TimeProvider.System);
            var run = new RestoreRun(terminal, found.State, found.Dataset, access.Nodes(result, found.State.Cluster), stateDirectory, pause);
            var request = new RestoreRun.Request(result.GetValue(to)!, chosen, result.GetValue(yes), repositoryPath.FullName);
            return await run.RunAsync(request, result.GetValue(dockerHost), cancellationToken);
        });
        return command;
    }

    private static string Name(RestoreMethod method) => method.Name();

    /// <summary>The controller's control token when this user may read it (root); without it the restore waits for the controller's own poll.</summary>
    private static string? ReadToken(string stateDirectory)
    {
        try
        {
            return ControlGuard.ReadToken(stateDirectory);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
