using Microsoft.Extensions.Logging;
using Reconciler.Controller.Deployment;
using Reconciler.Core.Diff;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;

namespace Reconciler.Controller.Tests.Deployment;

/// <summary>The controller logs each deploy event as one structured event with its own id and fields.</summary>
public sealed class LoggedProgressTests
{
    private readonly CapturingLogger logger = new();

    [Fact]
    public void Each_event_is_one_log_event_with_its_id_level_and_fields()
    {
        var progress = new LoggedProgress(logger);
        var key = new ResourceKey("service", "web_app");

        progress.Report(new DeployEvent.Applying(ChangeAction.Update, key));
        progress.Report(new DeployEvent.ServiceVerified("web_app", false, "failed: 2 tasks failed"));
        progress.Report(new DeployEvent.Verified(true, TimeSpan.FromSeconds(3.25)));
        progress.Report(new DeployEvent.RollingBack(["web", "api"], "900dc0ffee900dc0ffee"));

        Assert.Equal(
            [(1100, LogLevel.Information, "applying update service web_app"),
             (1105, LogLevel.Warning, "FAIL web_app: failed: 2 tasks failed"),
             (1106, LogLevel.Information, "converged in 3.3s"),
             (1108, LogLevel.Warning, "rolling back web, api to the last good commit 900dc0ffee90")],
            logger.Entries.Select(e => (e.Id.Id, e.Level, e.Message)));
        Assert.Equal(key, logger.Entries[0].Fields["Resource"]);
        Assert.Equal("web_app", logger.Entries[1].Fields["Service"]);
    }

    [Fact]
    public void Every_kind_of_event_has_an_id_of_its_own()
    {
        var progress = new LoggedProgress(logger);
        var key = new ResourceKey("path", "/srv/a", "atlas");
        DeployEvent[] events =
        [
            new DeployEvent.Applying(ChangeAction.Create, key), new DeployEvent.ApplyFailed(key, "no space"), new DeployEvent.Stopped("storage"),
            new DeployEvent.Verifying(2), new DeployEvent.ServiceVerified("a", true, "1/1"), new DeployEvent.ServiceVerified("a", false, "failed"),
            new DeployEvent.Verified(true, TimeSpan.Zero), new DeployEvent.Verified(false, TimeSpan.Zero), new DeployEvent.RollingBack(["a"], "c0ffee"),
            new DeployEvent.RollbackUnavailable(NoRollbackReason.NotACommit), new DeployEvent.RollbackUnavailable(NoRollbackReason.NoLastGoodCommit),
            new DeployEvent.RollbackInvalid(),
        ];

        foreach (var e in events)
        {
            progress.Report(e);
        }

        Assert.Equal(events.Length, logger.Entries.Select(e => e.Id.Id).Distinct().Count());
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(EventId Id, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            Entries.Add((eventId, logLevel, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value)));
        }
    }
}
