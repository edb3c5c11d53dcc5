using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Verify;

/// <summary>
/// Verify: polls the engine (one service list with task counts per round, plus a task list for
/// a service that looks unhealthy) until every changed service finished its update and runs
/// the tasks it should (jobs: completed them), a task keeps failing, or the time is up.
/// </summary>
public sealed class ConvergenceWatcher(IDockerClient docker, TimeProvider time)
{
    /// <summary>Task failures after the deploy started that mean "this will not converge by waiting".</summary>
    public const int FailuresTolerated = 2;

    public async Task<ConvergenceReport> WaitAsync(IReadOnlyCollection<string> services, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var latest = new Dictionary<string, ServiceConvergence>(StringComparer.Ordinal);
        while (true)
        {
            var live = await docker.Swarm.ListServicesAsync(
                new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [StackNames.NamespaceLabel] = true } }, Status = true },
                cancellationToken).ConfigureAwait(false);
            var pending = false;
            foreach (var name in services)
            {
                var service = live.FirstOrDefault(s => s.Spec?.Name == name);
                var state = service is null
                    ? new ServiceConvergence(name, false, "the service does not exist")
                    : await AssessAsync(service, started, cancellationToken).ConfigureAwait(false);
                latest[name] = state;
                pending |= !state.Converged && !IsFailed(state);
            }

            var elapsed = time.GetUtcNow() - started;
            if (!pending || elapsed >= timeout)
            {
                var report = latest.Values.OrderBy(s => s.Service, StringComparer.Ordinal)
                    .Select(s => s.Converged || IsFailed(s) ? s : s with { Status = $"timed out after {timeout.TotalSeconds:0}s, {s.Status}" })
                    .ToList();
                return new ConvergenceReport(report.All(s => s.Converged), report, elapsed);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsFailed(ServiceConvergence state) => state.Status.StartsWith("failed", StringComparison.Ordinal);

    private async Task<ServiceConvergence> AssessAsync(SwarmService service, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var name = service.Spec!.Name!;
        var update = service.UpdateStatus?.State;
        if (update is "paused" or "rollback_started" or "rollback_paused" or "rollback_completed")
        {
            return new ServiceConvergence(name, false, $"failed: the update {update.Replace('_', ' ')}: {service.UpdateStatus!.Message}");
        }

        var status = service.ServiceStatus;
        var isJob = service.Spec.Mode?.ReplicatedJob is not null || service.Spec.Mode?.GlobalJob is not null;
        var done = isJob
            ? status is not null && status.DesiredTasks == 0 && status.CompletedTasks > 0
            : status is not null && status.DesiredTasks > 0 && status.RunningTasks == status.DesiredTasks && update is null or "completed";
        var counts = status is null ? "no task status yet" : isJob ? $"{status.CompletedTasks} completed" : $"{status.RunningTasks}/{status.DesiredTasks} tasks running";
        if (done)
        {
            return new ServiceConvergence(name, true, counts);
        }

        // Only a service that has not converged costs a task list.
        var failures = await RecentFailuresAsync(service.ID!, started, cancellationToken).ConfigureAwait(false);
        return failures.Count >= FailuresTolerated
            ? new ServiceConvergence(name, false, $"failed: {failures.Count} tasks failed, the last with: {failures[^1]}")
            : new ServiceConvergence(name, false, $"waiting: {counts}{(update is null ? string.Empty : $", update {update}")}");
    }

    private async Task<List<string>> RecentFailuresAsync(string serviceId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var tasks = await docker.Tasks.ListAsync(
            new TasksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } } },
            cancellationToken).ConfigureAwait(false);
        return tasks
            .Where(t => t.Status?.State is TaskState.Failed or TaskState.Rejected && t.CreatedAt >= since.UtcDateTime.AddSeconds(-1))
            .OrderBy(t => t.CreatedAt)
            .Select(t => string.IsNullOrEmpty(t.Status!.Err) ? t.Status.Message ?? "unknown error" : t.Status.Err)
            .ToList();
    }
}
