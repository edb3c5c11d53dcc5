using Docker.DotNet.Models;

namespace Reconciler.Lab.Tests;

/// <summary>Plan and apply against a real dockerd in Swarm mode: idempotence, drift, prune safety, rotation, failures.</summary>
public sealed class SwarmLabTests
{
    internal static string Web(string extra = "") => $$"""
        services:
          web:
            image: {{Lab.Image}}
            command: ["sleep", "3600"]
            environment: {MODE: lab}
            deploy:
              replicas: 1
              update_config: {order: stop-first, delay: 1s}
        {{extra}}
        """;

    [LabFact]
    public async Task Apply_converges_and_a_second_plan_has_no_changes()
    {
        await using var repo = new TestStack();
        var name = repo.Name("idem");
        repo.Stack(name, Web());

        var applied = repo.Apply();
        var plan = repo.Plan();

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains($"+ service {name}_web", applied.Output, StringComparison.Ordinal);
        Assert.Contains("converged in", applied.Output, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.DoesNotContain(name, plan.Output, StringComparison.Ordinal);
        Assert.Contains("0 to create, 0 to update, 0 to delete", plan.Output.Replace("No changes.", "0 to create, 0 to update, 0 to delete", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [LabFact]
    public async Task A_network_that_cannot_change_in_place_is_a_failed_apply_that_says_what_to_do()
    {
        await using var repo = new TestStack();
        var name = repo.Name("netchg");
        repo.Stack(name, Web());
        Assert.Equal(0, repo.Apply().ExitCode);

        repo.Stack(name, Web("networks:\n  default:\n    internal: true\n"));
        var failed = repo.Apply();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains($"network {name}_default cannot be updated in place; remove it and apply again", failed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", failed.Error, StringComparison.OrdinalIgnoreCase);
    }

    [LabFact]
    public async Task A_hand_edit_shows_as_drift_and_apply_puts_it_back()
    {
        await using var repo = new TestStack();
        var name = repo.Name("drift");
        repo.Stack(name, Web());
        Assert.Equal(0, repo.Apply().ExitCode);

        using var docker = Lab.Connect();
        var service = await docker.Swarm.InspectServiceAsync($"{name}_web");
        service.Spec!.TaskTemplate!.ContainerSpec!.Env!.Add("DEBUG=1");
        await docker.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters { Service = service.Spec, Version = (long)service.Version!.Index!.Value });

        var drift = repo.Plan();
        Assert.True(drift.ExitCode == 2, drift.ToString());
        Assert.Contains($"~ service {name}_web", drift.Output, StringComparison.Ordinal);
        Assert.Contains("TaskTemplate.ContainerSpec.Env: [\"DEBUG=1\",\"MODE=lab\"] -> [\"MODE=lab\"]", drift.Output, StringComparison.Ordinal);

        Assert.Equal(0, repo.Apply().ExitCode);
        Assert.Equal(0, repo.Plan().ExitCode);
    }

    [LabFact]
    public async Task Changing_a_config_creates_a_new_version_switches_the_service_and_prunes_the_old()
    {
        await using var repo = new TestStack();
        var name = repo.Name("conf");
        const string Configs = """
            configs:
              settings: {file: ./settings.txt}
            """;
        repo.Stack(name, Web().Replace("    environment: {MODE: lab}", "    environment: {MODE: lab}\n    configs: [settings]", StringComparison.Ordinal) + Configs, prune: true);
        repo.Write($"stacks/{name}/settings.txt", "level=1\n");
        Assert.Equal(0, repo.Apply().ExitCode);

        repo.Write($"stacks/{name}/settings.txt", "level=2\n");
        var rotated = repo.Apply();

        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        Assert.Matches($@"\+ config {name}_settings-[0-9a-f]{{10}}", rotated.Output);
        Assert.Matches($@"- config {name}_settings-[0-9a-f]{{10}}", rotated.Output);
        using var docker = Lab.Connect();
        var configs = (await docker.Configs.ListConfigsAsync()).Where(c => c.Spec!.Name!.StartsWith(name, StringComparison.Ordinal)).ToList();
        var current = Assert.Single(configs);
        Assert.Equal("level=2\n", System.Text.Encoding.UTF8.GetString(current.Spec!.Data!));
        var service = await docker.Swarm.InspectServiceAsync($"{name}_web");
        Assert.Equal(current.Spec.Name, Assert.Single(service.Spec!.TaskTemplate!.ContainerSpec!.Configs!).ConfigName);
    }

    [LabFact]
    public async Task A_config_with_an_explicit_name_keeps_it_and_a_content_change_is_refused()
    {
        await using var repo = new TestStack();
        var name = repo.Name("named");
        var configs = $$"""
            configs:
              settings: {file: ./settings.txt, name: {{name}}-settings}
            """;
        repo.Stack(name, Web().Replace("    environment: {MODE: lab}", "    environment: {MODE: lab}\n    configs: [settings]", StringComparison.Ordinal) + configs, prune: true);
        repo.Write($"stacks/{name}/settings.txt", "level=1\n");
        var applied = repo.Apply();
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Matches($@"\+ config {name}-settings\s", applied.Output);
        Assert.Equal(0, repo.Plan().ExitCode);

        repo.Write($"stacks/{name}/settings.txt", "level=2\n");
        var plan = repo.Plan();
        var apply = repo.Apply();

        foreach (var refused in new[] { plan, apply })
        {
            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains($"config '{name}-settings' has an explicit name and its content changed", refused.Error, StringComparison.Ordinal);
        }

        using var docker = Lab.Connect();
        var live = Assert.Single(await docker.Configs.ListConfigsAsync(), c => c.Spec!.Name!.StartsWith(name, StringComparison.Ordinal));
        Assert.Equal("level=1\n", System.Text.Encoding.UTF8.GetString(live.Spec!.Data!));
    }

    [LabFact]
    public async Task Declared_node_labels_are_set_and_undeclared_ones_left_alone()
    {
        using var docker = Lab.Connect();
        var key = "reconciler-test-" + Guid.NewGuid().ToString("N")[..6];
        var node = (await docker.Swarm.ListNodesAsync()).Single(n => n.Description!.Hostname == LabNode.Hostname);
        var spec = node.Spec!;
        spec.Labels ??= new Dictionary<string, string>();
        spec.Labels[key + "-manual"] = "hands-off";
        await docker.Swarm.UpdateNodeAsync(node.ID, node.Version!.Index!.Value, spec);
        await using var repo = new TestStack(nodeLabels: $"{{{key}: primary}}");

        var plan = repo.Plan();
        var applied = repo.Apply();

        Assert.Contains($"+ node-label {key} on {LabNode.Hostname}", plan.Output, StringComparison.Ordinal);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var labels = (await docker.Swarm.InspectNodeAsync(node.ID)).Spec!.Labels!;
        Assert.Equal("primary", labels[key]);
        Assert.Equal("hands-off", labels[key + "-manual"]);
        Assert.Equal(0, repo.Plan().ExitCode);
    }

    [LabFact]
    public async Task A_service_whose_command_fails_is_reported_with_the_task_error()
    {
        await using var repo = new TestStack();
        var name = repo.Name("fail");
        repo.Stack(name, Web().Replace("[\"sleep\", \"3600\"]", "[\"sh\", \"-c\", \"exit 3\"]", StringComparison.Ordinal), extraSpec: ", convergenceTimeout: 60s");

        var applied = repo.Apply();

        Assert.True(applied.ExitCode == 1, applied.ToString());
        Assert.Contains($"FAIL {name}_web: failed:", applied.Output, StringComparison.Ordinal);
        Assert.Contains("non-zero exit (3)", applied.Output, StringComparison.Ordinal);
    }
}
