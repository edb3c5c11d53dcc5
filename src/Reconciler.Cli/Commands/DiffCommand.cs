using System.CommandLine;
using Reconciler.Core.Secrets;
using Reconciler.Core.Diagnostics.Formatting;
using Reconciler.Core.Diff;
using Reconciler.Core.Planning;
using Reconciler.Core.Planning.Rendering;
using Reconciler.Core.Resources;
using Reconciler.Core.Text;
using Reconciler.Core.Validation;
using Reconciler.Git;
using Reconciler.Storage.Resources;
using Reconciler.Swarm.Resources;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler diff BASE HEAD [PATH]</c>: the desired-state difference between two commits,
/// with no cluster needed: what a pull request changes, ready to post as a comment.
/// </summary>
public static class DiffCommand
{
    public static Command Create(Terminal terminal)
    {
        var baseRef = new Argument<string>("BASE") { Description = "The commit, branch or tag to compare from (e.g. origin/main)." };
        var headRef = new Argument<string>("HEAD") { Description = "The commit, branch or tag to compare to (e.g. HEAD)." };
        var path = CommonOptions.Path();
        var format = CommonOptions.PlanFormat();
        var command = new Command("diff",
            "Show how the desired state changes between two git commits, as a plan would show it, without\n"
            + "a cluster (images are compared by tag). PATH is the desired-state directory inside the work tree.\n"
            + "Exit code 0: no changes; 2: changes; 1: error (an invalid HEAD is reported with its diagnostics).\n\n"
            + "Examples:\n"
            + "  reconciler diff origin/main HEAD .\n"
            + "  reconciler diff --format markdown \"$BASE_SHA\" \"$HEAD_SHA\" > plan.md   # in a pull-request job")
        {
            baseRef, headRef, path, format,
        };
        command.SetAction(result => Run(terminal, result.GetValue(baseRef)!, result.GetValue(headRef)!, result.GetValue(path)!, result.GetValue(format)));
        return command;
    }

    private static int Run(Terminal terminal, string baseRef, string headRef, DirectoryInfo path, PlanFormat format)
    {
        using var git = GitWorkTree.Find(path.FullName);
        if (git is null)
        {
            terminal.Error.WriteLine($"reconciler: error: '{path.FullName}' is not inside a git work tree; diff compares commits");
            return PlanCommand.Failed;
        }

        try
        {
            // No key: an encrypted secret is compared by its ciphertext and MAC, so review works without one.
            var beforeFiles = SecretRepositoryFiles.ForReview(git.FilesAt(git.Resolve(baseRef)));
            var before = Validator.Validate(beforeFiles);
            var afterFiles = SecretRepositoryFiles.ForReview(git.FilesAt(git.Resolve(headRef)));
            var after = Validator.Validate(afterFiles);
            if (!after.IsValid)
            {
                terminal.Error.Write(DiagnosticFormatter.Format(after.Diagnostics, DiagnosticFormat.Text));
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: {headRef} is not valid; fix it before it can be planned"));
                return PlanCommand.Failed;
            }

            var old = Declared(before.State, beforeFiles);
            var @new = Declared(after.State, afterFiles);
            var plan = Planner.Create(ResourceDiff.Compute(@new, old.Select(r => r with { Owner = OwnerIn(after, r) }), describeCreates: true), KindOrder);
            terminal.Output.Write(PlanRenderer.Render(plan, format));
            return plan.HasChanges ? PlanCommand.HasChanges : PlanCommand.NoChanges;
        }
        catch (ArgumentException e)
        {
            terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: {e.Message}"));
            return PlanCommand.Failed;
        }
    }

    /// <summary>The policy first (it governs everything after it), then each provider's kinds in apply order: storage, then Swarm.</summary>
    private static readonly IReadOnlyList<string> KindOrder = [PolicyResource.Kind, .. StorageKinds.Order, .. SwarmKinds.Order];

    /// <summary>Every resource a commit declares: the Cluster's policy, the Swarm's (node labels included) and the storage's (schedules and replications included).</summary>
    private static IReadOnlyList<Resource> Declared(Core.Model.DesiredState state, Core.Loading.IRepositoryFiles files) =>
        DesiredSwarm.From(state, files).Resources.Concat(DeclaredStorage.From(state))
            .Concat(state.Cluster is { } cluster ? [PolicyResource.From(cluster)] : [])
            .ToList();

    /// <summary>What the new commit says about pruning an object of the old one, as apply would decide it.</summary>
    private static ResourceOwner OwnerIn(ValidationReport after, Resource old)
    {
        if (old.Owner.Stack is not { } stack)
        {
            return old.Owner;
        }

        var manifest = after.State.Stacks.FirstOrDefault(s => s.Name == stack);
        return old.Owner with { Prune = manifest?.Prune ?? after.State.Cluster?.Prune ?? false };
    }
}
