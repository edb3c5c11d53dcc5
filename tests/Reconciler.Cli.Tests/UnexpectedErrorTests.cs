using System.CommandLine;

namespace Reconciler.Cli.Tests;

/// <summary>An exception no command foresaw reaches the user as one line and exit 1, its trace only with --verbose.</summary>
public sealed class UnexpectedErrorTests
{
    private static (int Exit, string Error) Run(params string[] args)
    {
        var root = new RootCommand();
        var broken = new Command("broken");
        broken.SetAction((_, _) => Task.FromException<int>(new KeyNotFoundException("node b2m is not in the Cluster manifest")));
        root.Subcommands.Add(broken);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(root, args, new Terminal(output, error, Color: false));
        return (exit, error.ToString());
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_on_stderr_and_exit_1()
    {
        var (exit, error) = Run("broken");

        Assert.Equal(1, exit);
        Assert.Equal(
            "reconciler: error: node b2m is not in the Cluster manifest (KeyNotFoundException; --verbose shows where)",
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void With_verbose_the_stack_trace_follows()
    {
        var (exit, error) = Run("broken", "--verbose");

        Assert.Equal(1, exit);
        Assert.StartsWith("reconciler: error: node b2m is not in the Cluster manifest\n", error, StringComparison.Ordinal);
        Assert.Contains("System.Collections.Generic.KeyNotFoundException", error, StringComparison.Ordinal);
    }
}
