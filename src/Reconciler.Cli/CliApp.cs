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
            SnapshotsCommand.Create(terminal),
            RestoreCommand.Create(terminal),
            RunCommand.Create(terminal),
            CheckCommand.Create(terminal),
            FailoverCommand.Create(terminal),
            FailbackCommand.Create(terminal),
            GuardCommand.Create(terminal),
            RebalanceCommand.Create(terminal),
            SecretsCommand.Create(terminal),
        }.With(ControlCommands.Create(terminal));

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var terminal = Terminal.For(output, error);
        return Run(Build(terminal), args, terminal);
    }

    /// <summary>
    /// Runs a command with the one handler an unexpected exception reaches: a single line on
    /// stderr and exit 1, the stack trace only with <c>--verbose</c> (a global option). Commands
    /// report the failures they expect themselves; this is for the ones nobody foresaw.
    /// </summary>
    public static int Run(RootCommand root, string[] args, Terminal terminal)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected error, print its stack trace too.", Recursive = true };
        root.Options.Add(verbose);
        var parsed = root.Parse(args);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = terminal.Output, Error = terminal.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var cause = e is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : e;
            terminal.Error.WriteLine($"reconciler: error: {OneLine(cause.Message)}"
                + (parsed.GetValue(verbose) ? string.Empty : $" ({cause.GetType().Name}; --verbose shows where)"));
            if (parsed.GetValue(verbose))
            {
                terminal.Error.WriteLine(cause.ToString());
            }

            return 1;
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static RootCommand With(this RootCommand root, IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
