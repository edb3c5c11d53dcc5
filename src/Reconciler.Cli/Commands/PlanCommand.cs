using System.CommandLine;
using Reconciler.Core.Planning.Rendering;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler plan [PATH]</c>: what apply would change, without changing anything.</summary>
public static class PlanCommand
{
    public const int NoChanges = 0;
    public const int Failed = 1;
    public const int HasChanges = 2;

    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var dockerHost = CommonOptions.DockerHost();
        var format = CommonOptions.PlanFormat();
        var access = new NodeAccess();
        var command = new Command("plan",
            "Compare the repository with the live Swarm and the nodes' storage (host paths over the node\n"
            + "shells, ZFS datasets) and print what apply would do, storage first:\n"
            + "+ create, ~ update (field by field, old -> new), - delete, ! orphan (left alone without prune: true).\n"
            + "Secret values never appear. Exit code 0: no changes; 2: changes; 1: error.\n\n"
            + "Examples:\n"
            + "  reconciler plan --age-key /etc/reconciler/age.key sample-repo\n"
            + "  DOCKER_HOST=unix:///run/other.sock reconciler plan --format markdown .")
        {
            path, dockerHost, format,
        };
        access.AddTo(command);
        var ageKey = AgeKeyOption.Create();
        command.Options.Add(ageKey);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stored = PlanSession.Stored(terminal, access.Store(result));
            using var session = await PlanSession.OpenAsync(
                terminal, result.GetValue(path)!, result.GetValue(dockerHost), cluster => access.Nodes(result, cluster), stored, new SecretKeyChoice(result.GetValue(ageKey)), cancellationToken);
            if (session is null)
            {
                return Failed;
            }

            terminal.Output.Write(PlanRenderer.Render(session.Plan, result.GetValue(format)));
            return session.Plan.HasChanges ? HasChanges : NoChanges;
        });
        return command;
    }
}
