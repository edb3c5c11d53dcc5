using System.CommandLine;
using Reconciler.Cli.Commands;

namespace Reconciler.Cli;

/// <summary>The composition root of the <c>reconciler</c> command: one subcommand per verb.</summary>
public static class CliApp
{
    public static RootCommand Build(Terminal terminal) =>
        new RootCommand("Reconciler: GitOps for small Docker Swarm clusters whose data lives on ZFS.\n"
            + "It reads a Git repository of desired state (nodes, stacks, host paths, datasets, replication)\n"
            + "and makes the cluster match it.")
        {
            ValidateCommand.Create(terminal),
            PlanCommand.Create(terminal),
            ApplyCommand.Create(terminal),
            DiffCommand.Create(terminal),
            ReplicateCommand.Create(terminal),
            RunCommand.Create(terminal),
        }.With(ControlCommands.Create(terminal));

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var terminal = Terminal.For(output, error);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return Build(terminal).Parse(args).Invoke(configuration);
    }

    private static RootCommand With(this RootCommand root, IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
