using Docker.DotNet.Models;

namespace Reconciler.Swarm.Verify;

/// <summary>
/// How far a job (replicated-job or global-job) got in its current iteration. A job is done when
/// its completions are reached, not when tasks run; a new spec re-runs it as a new iteration, so
/// only tasks of the service's current iteration count (the engine's own CompletedTasks counts
/// earlier runs too).
/// </summary>
internal sealed record JobProgress(int Completed, int Wanted, bool Done)
{
    public string Counts => Wanted > 0 ? $"{Completed}/{Wanted} completed" : $"{Completed} completed";

    /// <summary>Null for a service that is not a job.</summary>
    public static JobProgress? Of(SwarmService service, IEnumerable<TaskResponse> tasks)
    {
        var mode = service.Spec?.Mode;
        if (mode?.ReplicatedJob is null && mode?.GlobalJob is null)
        {
            return null;
        }

        var iteration = service.JobStatus?.JobIteration?.Index;
        var current = tasks.Where(t => t.JobIteration?.Index == iteration).ToList();
        var completed = current.Count(t => t.Status?.State == TaskState.Complete);
        if (mode.ReplicatedJob is { } replicated)
        {
            // The engine fills TotalCompletions from MaxConcurrent (default 1) when a spec leaves it out.
            var wanted = (int)(replicated.TotalCompletions ?? replicated.MaxConcurrent ?? 1);
            return new JobProgress(completed, wanted, completed >= wanted);
        }

        // A global job runs one task per eligible node: done when every task still meant to run has completed.
        var active = current.Where(t => t.DesiredState is not (TaskState.Shutdown or TaskState.Remove)).ToList();
        return new JobProgress(completed, active.Count, active.Count > 0 && active.All(t => t.Status?.State == TaskState.Complete));
    }
}
