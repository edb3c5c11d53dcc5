namespace Reconciler.Cli.Tests;

/// <summary>`run --log-format` takes text or json and wins over the configuration's log.format (checked before anything starts).</summary>
public sealed class RunLogFormatTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("reconciler-run-").FullName;

    [Fact]
    public void Another_log_format_is_refused()
    {
        var run = CliRun.Of("run", "--config", Path.Combine(directory, "none.yaml"), "--log-format", "xml");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("xml", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration file does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_format_replaces_the_files()
    {
        var path = Path.Combine(directory, "config.yaml");
        File.WriteAllText(path, "repository: {url: ftp://example.org/x}\nlog: {format: xml}\n");

        var run = CliRun.Of("run", "--config", path, "--log-format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("repository.url", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("log.format", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
