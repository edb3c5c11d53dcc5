using Docker.DotNet.Models;
using Reconciler.Swarm.Verify;

namespace Reconciler.Swarm.Tests;

/// <summary>When a job counts as done: its completions reached, counting only the current iteration's tasks.</summary>
public sealed class JobProgressTests
{
    private static SwarmService ReplicatedJob(ulong completions, ulong iteration) => new()
    {
        Spec = new ServiceSpec { Mode = new ServiceMode { ReplicatedJob = new ReplicatedJob { MaxConcurrent = completions, TotalCompletions = completions } } },
        JobStatus = new JobStatus { JobIteration = new Docker.DotNet.Models.Version { Index = iteration } },
    };

    private static TaskResponse Task(ulong iteration, TaskState state, TaskState desired = TaskState.Complete) =>
        new() { JobIteration = new Docker.DotNet.Models.Version { Index = iteration }, Status = new Docker.DotNet.Models.TaskStatus { State = state }, DesiredState = desired };

    [Fact]
    public void A_replicated_job_is_done_when_its_completions_are_reached()
    {
        var progress = JobProgress.Of(ReplicatedJob(2, 7), [Task(7, TaskState.Complete), Task(7, TaskState.Complete)])!;

        Assert.True(progress.Done);
        Assert.Equal("2/2 completed", progress.Counts);
    }

    [Fact]
    public void A_rerun_counts_only_the_tasks_of_the_current_iteration()
    {
        var progress = JobProgress.Of(ReplicatedJob(2, 9), [Task(7, TaskState.Complete), Task(7, TaskState.Complete), Task(9, TaskState.Running)])!;

        Assert.False(progress.Done);
        Assert.Equal("0/2 completed", progress.Counts);
    }

    [Fact]
    public void A_global_job_is_done_when_every_task_still_meant_to_run_completed()
    {
        var global = new SwarmService { Spec = new ServiceSpec { Mode = new ServiceMode { GlobalJob = new GlobalJob() } }, JobStatus = new JobStatus { JobIteration = new Docker.DotNet.Models.Version { Index = 3 } } };

        Assert.True(JobProgress.Of(global, [Task(3, TaskState.Complete), Task(3, TaskState.Failed, TaskState.Shutdown)])!.Done);
        Assert.False(JobProgress.Of(global, [Task(3, TaskState.Complete), Task(3, TaskState.Running)])!.Done);
        Assert.False(JobProgress.Of(global, [])!.Done);
    }

    [Fact]
    public void A_service_that_is_not_a_job_has_no_job_progress()
    {
        var service = new SwarmService { Spec = new ServiceSpec { Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 0 } } } };

        Assert.Null(JobProgress.Of(service, []));
    }
}
