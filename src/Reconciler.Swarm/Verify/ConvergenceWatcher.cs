using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Swarm.Verify;

/// <summary>
/// Verify: polls the engine (one service list with task counts per round, plus a task list per
/// changed service) until every changed service finished its update and has run the tasks it
/// should for a stability window (jobs: completed them), a task keeps failing, or the time is up.
/// The window matters: a command that exits at once still counts as running for a moment.
/// </summary>
public sealed class ConvergenceWatcher(IDockerClient docker, TimeProvider time)
{
    /// <summary>How long a service must look healthy before it counts as converged (Swarm's own default update monitor).</summary>
    public static readonly TimeSpan StabilityWindow = TimeSpan.FromSeconds(5);

    /// <summary>Task failures after the deploy started that mean "this will not converge by waiting".</summary>
    public const int FailuresTolerated = 2;

    /// <param name="services">The services to wait for.</param>
    /// <param name="rolling">Those of them whose update replaces tasks: they converge only once the engine reports that update completed.</param>
    /// <param name="since">When the deploy started: older update states and task failures belong to earlier deploys.</param>
    public async Task<ConvergenceReport> WaitAsync(
        IReadOnlyCollection<string> services, IReadOnlySet<string> rolling, DateTimeOffset since, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var latest = new Dictionary<string, ServiceConvergence>(StringComparer.Ordinal);
        var healthySince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
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
                    : await AssessAsync(service, rolling.Contains(name), since, cancellationToken).ConfigureAwait(false);
                if (state.Converged)
                {
                    var healthyFrom = healthySince.TryAdd(name, time.GetUtcNow()) ? time.GetUtcNow() : healthySince[name];
                    if (time.GetUtcNow() - healthyFrom < StabilityWindow)
                    {
                        state = state with { Converged = false, Status = $"waiting: {state.Status}, watching for {StabilityWindow.TotalSeconds:0}s" };
                    }
                }
                else
                {
                    healthySince.Remove(name);
                }

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

    private async Task<ServiceConvergence> AssessAsync(SwarmService service, bool rolling, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var name = service.Spec!.Name!;

        // Right after an update call the engine still reports the old tasks as running; only an
        // update status that began with this deploy says anything about the new spec.
        var current = service.UpdateStatus?.StartedAt is { } began && began >= since.UtcDateTime.AddSeconds(-1);
        var update = current ? service.UpdateStatus!.State : null;
        if (update is "paused" or "rollback_started" or "rollback_paused" or "rollback_completed")
        {
            return new ServiceConvergence(name, false, $"failed: the update {update.Replace('_', ' ')}: {service.UpdateStatus!.Message}");
        }

        var status = service.ServiceStatus;
        var tasks = await TasksAsync(service.ID!, cancellationToken).ConfigureAwait(false);
        var job = JobProgress.Of(service, tasks);
        // A service scaled to zero has converged once nothing runs; any other needs a task count first.
        var wanted = service.Spec.Mode?.Replicated?.Replicas;
        var done = job is not null
            ? job.Done
            : status is not null && status.RunningTasks == status.DesiredTasks && (status.DesiredTasks > 0 || wanted == 0)
                && (rolling ? update == "completed" : update is null or "completed");
        var counts = job?.Counts ?? (status is null ? "no task status yet" : $"{status.RunningTasks}/{status.DesiredTasks} tasks running");
        // Once this deploy's update completed, failures of the tasks it replaced no longer count.
        var failuresSince = update == "completed" && service.UpdateStatus!.CompletedAt is { } completed ? new DateTimeOffset(completed, TimeSpan.Zero) : since;
        var failures = RecentFailures(tasks, failuresSince);
        if (failures.Count >= FailuresTolerated)
        {
            return new ServiceConvergence(name, false, $"failed: {failures.Count} tasks failed, the last with: {failures[^1]}");
        }

        // Jobs have no rolling update: a new spec starts a new job iteration, which JobProgress follows.
        var updateNote = update is null ? (rolling && job is null ? ", update not started" : string.Empty) : $", update {update}";
        return done && failures.Count == 0
            ? new ServiceConvergence(name, true, counts)
            : new ServiceConvergence(name, false, $"waiting: {counts}{updateNote}");
    }

    private async Task<IList<TaskResponse>> TasksAsync(string serviceId, CancellationToken cancellationToken) =>
        await docker.Tasks.ListAsync(
            new TasksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } } },
            cancellationToken).ConfigureAwait(false);

    private static List<string> RecentFailures(IEnumerable<TaskResponse> tasks, DateTimeOffset since) =>
        tasks
            .Where(t => t.Status?.State is TaskState.Failed or TaskState.Rejected && t.CreatedAt >= since.UtcDateTime.AddSeconds(-1))
            .OrderBy(t => t.CreatedAt)
            .Select(t => string.IsNullOrEmpty(t.Status!.Err) ? t.Status.Message ?? "unknown error" : t.Status.Err)
            .ToList();
}
