using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Http;
using Reconciler.Controller.Notifications;

namespace Reconciler.Controller.Tests;

/// <summary>
/// The host's console logger writes each entry through the formatter its options name. These
/// tests build the real host and hand entries to that same formatter, writing into a string:
/// what the console would get, without sharing the process's stdout with other tests.
/// </summary>
public sealed class ControllerLoggingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("reconciler-logging-").FullName;

    private WebApplication Host(string log)
    {
        var path = Path.Combine(directory, "config.yaml");
        File.WriteAllText(path, $"repository: {{url: file:///srv/git/cluster.git}}\nstateDir: {directory}/state\nlisten: http://127.0.0.1:0\n{log}");
        var config = ConfigFile.Load(path);
        Assert.Empty(config.Errors);
        return ControllerHost.Build(config);
    }

    private static ConsoleFormatter FormatterOf(WebApplication app)
    {
        var name = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        return app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_the_event_id_and_values()
    {
        await using var app = Host("log: {format: json}\n");
        using var output = new StringWriter();
        var logger = new FormattingLogger(FormatterOf(app), output, typeof(Notifier).FullName!);

        Log.NotDelivered(logger, "applied", "ntfy", "connection refused\nby 'hermes'");
        logger.Log(LogLevel.Error, new EventId(1), "cycle failed", new InvalidOperationException("boom"), (state, _) => state);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("by 'hermes'", lines[0], StringComparison.Ordinal);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, e => Assert.Equal(JsonValueKind.Object, e.ValueKind));
        Assert.Equal(1200, entries[0].GetProperty("EventId").GetInt32());
        Assert.Equal("Warning", entries[0].GetProperty("LogLevel").GetString());
        Assert.Equal("Reconciler.Controller.Notifications.Notifier", entries[0].GetProperty("Category").GetString());
        Assert.Equal("notification applied to ntfy target not delivered after retries: connection refused\nby 'hermes'", entries[0].GetProperty("Message").GetString());
        Assert.Equal("ntfy", entries[0].GetProperty("State").GetProperty("Type").GetString());
        Assert.True(DateTimeOffset.TryParse(entries[0].GetProperty("Timestamp").GetString(), out _));
        Assert.Contains("InvalidOperationException: boom", entries[1].GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_logs_stay_the_default()
    {
        await using var app = Host(string.Empty);

        Assert.Equal(ConsoleFormatterNames.Simple, FormatterOf(app).Name);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Does for one entry what the console logger does: format it with the host's formatter.</summary>
    private sealed class FormattingLogger(ConsoleFormatter consoleFormatter, TextWriter output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            consoleFormatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, output);
    }
}
