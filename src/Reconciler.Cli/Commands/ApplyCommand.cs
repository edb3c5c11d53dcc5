using System.CommandLine;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Core.Planning.Rendering;
using Reconciler.Git;
using Reconciler.Storage.Resources;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler apply [PATH]</c>: plan, confirm, apply in a safe order, verify, roll back, record.</summary>
public static class ApplyCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var dockerHost = CommonOptions.DockerHost();
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking (needed when not on a terminal)." };
        var retry = new Option<bool>("--retry") { Description = "Apply a commit whose earlier apply failed (failed commits are not retried otherwise)." };
        var access = new NodeAccess();
        var signatures = new SignatureGate();
        var command = new Command("apply",
            "Plan, ask for confirmation (unless --yes), apply the changes in a safe order (host paths,\n"
            + "datasets, node labels, networks, configs, secrets, services, then removals) and wait until every changed service\n"
            + "converged (each stack's convergenceTimeout, default 120s). When PATH is in a git work tree,\n"
            + "a commit that converges becomes the last good commit; when a deploy does not converge, the\n"
            + "failed stacks are rolled back to the last good commit. Every apply is recorded in --state-dir.\n"
            + "Exit code 0: converged or nothing to do; 1: invalid, refused, failed or rolled back.\n\n"
            + "Examples:\n"
            + "  reconciler apply --age-key /etc/reconciler/age.key sample-repo   # its secret is SOPS-encrypted\n"
            + "  reconciler apply --yes .          # from a script or CI job\n"
            + "  reconciler apply --yes --retry .  # try a commit again after fixing the cluster\n"
            + "  reconciler apply --verify-keys /etc/reconciler/allowed_signers .  # only signed commits")
        {
            path, dockerHost, yes, retry,
        };
        access.AddTo(command);
        var ageKey = AgeKeyOption.Create();
        command.Options.Add(ageKey);
        signatures.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var directory = result.GetValue(path)!;
            var store = access.Store(result);
            using var git = GitWorkTree.Find(directory.FullName);
            var commit = CommitOf(terminal, git);
            ReconcilerState history;
            try
            {
                history = store.Load();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                terminal.Error.WriteLine($"reconciler: error: cannot read the state in {store.Path}: {e.Message}");
                return PlanCommand.Failed;
            }

            if (Controller.Recovery.FenceRecord.Load(access.StateDirectory(result)) is { } fenced)
            {
                terminal.Error.WriteLine($"reconciler: error: this node is {Core.Text.Escape.Terminal(fenced.Describe())}; nothing applied. After a failback, `reconciler guard --release` lifts it.");
                return PlanCommand.Failed;
            }

            if (Controller.Recovery.RestoreRecord.Load(access.StateDirectory(result)) is { } restoring)
            {
                terminal.Error.WriteLine($"reconciler: error: a restore is unfinished here ({Core.Text.Escape.Terminal(restoring.Describe())}); nothing applied, "
                    + $"so that no service starts on a half-restored dataset. Run the same `reconciler restore {restoring.Dataset} --to {restoring.Snapshot} ...` again to finish it.");
                return PlanCommand.Failed;
            }

            if (commit is not null && history.HasFailed(commit) && !result.GetValue(retry))
            {
                terminal.Error.WriteLine($"reconciler: commit {CommitId.Short(commit)} failed to deploy before; not retrying it. Push a fix, or pass --retry to try it again.");
                return PlanCommand.Failed;
            }

            if (!signatures.Allows(result, terminal, git, commit, history.LastGoodCommit))
            {
                return PlanCommand.Failed;
            }

            // Signatures and the failed-commit rule are checked before the cluster is even contacted.
            return await DeployAsync(terminal, store, directory, git, commit, history, result.GetValue(dockerHost), cluster => access.Nodes(result, cluster),
                new SecretKeyChoice(result.GetValue(ageKey)), result.GetValue(yes), cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Plan, confirm (unless <paramref name="yes"/>), apply, verify, roll back and record: the part
    /// of apply after its refusals, which a failback ends with as well.
    /// </summary>
    internal static async Task<int> DeployAsync(
        Terminal terminal, StateStore store, DirectoryInfo directory, GitWorkTree? git, string? commit, ReconcilerState history, string? dockerHost,
        Func<ClusterManifest?, Storage.Nodes.StorageNodes> nodesOf, SecretKeyChoice secrets, bool yes, CancellationToken cancellationToken)
    {
        using var session = await PlanSession.OpenAsync(terminal, directory, dockerHost, nodesOf, history, secrets, cancellationToken);
        if (session is null)
        {
            return PlanCommand.Failed;
        }

        terminal.Output.Write(PlanRenderer.Render(session.Plan, PlanFormat.Text));
        if (session.Plan.HasChanges && !yes && !terminal.Confirm("Apply these changes?"))
        {
            terminal.Error.WriteLine("reconciler: nothing applied (answer 'yes', or pass --yes when not on a terminal)");
            return PlanCommand.Failed;
        }

        var rollback = git is not null && history.LastGoodCommit is { } good && good != commit
            ? new RollbackSource(good, () => session.Secrets.View(git.FilesAt(good)))
            : null;
        var deployer = new Deployer(TimeProvider.System, new TerminalProgress(terminal.Output));
        var verifyAllSince = history.VerifyAllSince(commit, session.Plan.HasChanges, DateTimeOffset.UtcNow);
        if (history.InProgress is { } interrupted)
        {
            terminal.Error.WriteLine($"reconciler: note: an apply that started {interrupted.Started:u} was interrupted; every service is verified before anything is recorded good");
        }

        if (session.Plan.HasChanges)
        {
            store.Begin(ApplyInProgress.Of(commit, session.Plan, DateTimeOffset.UtcNow));
        }

        var record = await deployer.DeployAsync(session.Observation, commit, rollback, verifyAllSince, cancellationToken);
        store.Record(record, DesiredStorage.PathsByNode(session.Report.State));
        terminal.Output.WriteLine($"recorded: {record.Result.Describe()}{(commit is null ? string.Empty : $" for commit {CommitId.Short(commit)}")}");
        return record.Result.Succeeded() ? 0 : PlanCommand.Failed;
    }

    /// <summary>The commit being applied, or null for a plain directory or uncommitted changes (which cannot become "last good").</summary>
    internal static string? CommitOf(Terminal terminal, GitWorkTree? git)
    {
        if (git is null)
        {
            terminal.Error.WriteLine("reconciler: note: not a git work tree; the apply is verified and recorded, but rollback is unavailable");
            return null;
        }

        if (git.IsDirty)
        {
            terminal.Error.WriteLine("reconciler: note: uncommitted changes; applying the files as they are, recorded without a commit (commit them to make rollback possible)");
            return null;
        }

        return git.HeadCommit;
    }
}
