using Docker.DotNet.Models;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Services that are done without running tasks: jobs (done when their completions are reached)
/// and services scaled to zero. Each converges, and the plan right after the apply is empty.
/// </summary>
public sealed class ConvergenceLabTests
{
    private static string Job(string command) => $$"""
        services:
          migrate:
            image: {{Lab.Image}}
            command: {{command}}
            deploy:
              mode: replicated-job
              replicas: 2
        """;

    [LabFact]
    public async Task A_replicated_job_converges_when_its_completions_are_reached_and_a_rerun_counts_only_new_tasks()
    {
        await using var repo = new TestStack();
        var name = repo.Name("job");
        repo.Stack(name, Job("[\"true\"]"), extraSpec: ", convergenceTimeout: 60s");

        var first = repo.Apply();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"ok   {name}_migrate: 2/2 completed", first.Output, StringComparison.Ordinal);
        AssertPlanEmpty(repo);

        // The re-run takes longer than the stability window: the two tasks completed by the first
        // run must not make it look done before its own tasks finished.
        repo.Stack(name, Job("[\"sleep\", \"8\"]"), extraSpec: ", convergenceTimeout: 60s");
        var rerun = repo.Apply();
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        using var docker = Lab.Connect();
        var service = await docker.Swarm.InspectServiceAsync($"{name}_migrate");
        var tasks = await docker.Tasks.ListAsync(new TasksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service.ID] = true } } });
        var current = tasks.Where(t => t.JobIteration?.Index == service.JobStatus!.JobIteration!.Index).ToList();
        Assert.Equal(2, current.Count(t => t.Status!.State == TaskState.Complete));
        AssertPlanEmpty(repo);
    }

    [LabFact]
    public async Task A_service_scaled_to_zero_with_restart_condition_none_converges()
    {
        await using var repo = new TestStack();
        var name = repo.Name("zero");
        repo.Stack(name, $$"""
            services:
              cron:
                image: {{Lab.Image}}
                command: ["sh", "-c", "echo tick"]
                deploy:
                  replicas: 0
                  restart_policy: {condition: none}
            """, extraSpec: ", convergenceTimeout: 30s");

        var applied = repo.Apply();

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains($"ok   {name}_cron: 0/0 tasks running", applied.Output, StringComparison.Ordinal);
        AssertPlanEmpty(repo);
    }

    /// <summary>
    /// Scaled up from zero with a new task template, the engine has no task to replace and reports
    /// no update: the new task running is the whole of it (a failback restarts its writers so).
    /// </summary>
    [LabFact]
    public async Task A_service_scaled_up_from_zero_with_a_new_template_converges_without_an_update()
    {
        await using var repo = new TestStack();
        var name = repo.Name("wake");
        string Stack(int replicas, string command) => $$"""
            services:
              app:
                image: {{Lab.Image}}
                command: ["sleep", "{{command}}"]
                stop_grace_period: 1s
                deploy:
                  replicas: {{replicas}}
            """;
        repo.Stack(name, Stack(0, "3600"), extraSpec: ", convergenceTimeout: 30s");
        var asleep = repo.Apply();
        Assert.True(asleep.ExitCode == 0, asleep.ToString());

        repo.Stack(name, Stack(1, "3601"), extraSpec: ", convergenceTimeout: 30s");
        var awake = repo.Apply();

        Assert.True(awake.ExitCode == 0, awake.ToString());
        Assert.Contains($"ok   {name}_app: 1/1 tasks running", awake.Output, StringComparison.Ordinal);
        AssertPlanEmpty(repo);
    }

    [LabFact]
    public async Task Update_and_rollback_configs_without_an_order_leave_no_drift_after_apply()
    {
        await using var repo = new TestStack();
        var name = repo.Name("order");
        repo.Stack(name, $$"""
            services:
              web:
                image: {{Lab.Image}}
                command: ["sleep", "3600"]
                deploy:
                  update_config: {parallelism: 1, delay: 2s}
                  rollback_config: {parallelism: 1}
            """);

        var applied = repo.Apply();

        Assert.True(applied.ExitCode == 0, applied.ToString());
        AssertPlanEmpty(repo);
    }

    internal static void AssertPlanEmpty(TestStack repo)
    {
        var plan = repo.Plan();
        Assert.True(plan.ExitCode == 0, "the plan right after the apply is not empty:\n" + plan);
    }
}
