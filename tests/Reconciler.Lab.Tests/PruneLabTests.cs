using Docker.DotNet.Models;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Tests whose Cluster says prune: true own the whole Swarm for a moment: they run alone,
/// after the others (a collection without parallelisation), so they prune nobody else's stacks.
/// </summary>
[Collection(WholeSwarm.Name)]
public sealed class PruneLabTests
{
    [LabFact]
    public async Task A_stack_that_left_the_repository_is_an_orphan_until_the_cluster_prunes()
    {
        await using var repo = new TestStack();
        var keep = repo.Name("keep");
        var gone = repo.Name("gone");
        repo.Stack(keep, SwarmLabTests.Web());
        repo.Stack(gone, SwarmLabTests.Web());
        Assert.Equal(0, repo.Apply().ExitCode);
        repo.RemoveStack(gone);

        var orphaned = repo.Plan();
        Assert.True(orphaned.ExitCode == 0, orphaned.ToString());
        Assert.Contains($"! service {gone}_web", orphaned.Output, StringComparison.Ordinal);
        Assert.Equal(0, repo.Apply().ExitCode);
        using var docker = Lab.Connect();
        Assert.Contains(await docker.Swarm.ListServicesAsync(new ServiceListParameters()), s => s.Spec!.Name == $"{gone}_web");

        repo.Write("cluster.yaml", File.ReadAllText(Path.Combine(repo.Root, "cluster.yaml")).Replace("policy:", "prune: true\n  policy:", StringComparison.Ordinal));
        var pruned = repo.Apply();
        Assert.True(pruned.ExitCode == 0, pruned.ToString());
        Assert.Contains($"- service {gone}_web", pruned.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(await docker.Swarm.ListServicesAsync(new ServiceListParameters()), s => s.Spec!.Name == $"{gone}_web");
        Assert.Contains(await docker.Swarm.ListServicesAsync(new ServiceListParameters()), s => s.Spec!.Name == $"{keep}_web");
    }

    [LabFact]
    public async Task Services_without_a_stack_label_are_never_touched()
    {
        await using var repo = new TestStack("prune: true");
        var name = repo.Name("own");
        repo.Stack(name, SwarmLabTests.Web(), prune: true);
        using var docker = Lab.Connect();
        var foreign = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name + "_foreign",
                TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = Lab.Image, Args = ["sleep", "3600"] } },
            },
        });
        try
        {
            var applied = repo.Apply();

            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.DoesNotContain("foreign", applied.Output, StringComparison.Ordinal);
            Assert.Contains(await docker.Swarm.ListServicesAsync(new ServiceListParameters()), s => s.ID == foreign.ID);
        }
        finally
        {
            await docker.Swarm.RemoveServiceAsync(foreign.ID!);
        }
    }

    [LabFact]
    public async Task A_stack_deployed_by_hand_is_an_orphan_even_when_the_cluster_prunes()
    {
        await using var repo = new TestStack("prune: true");
        var name = repo.Name("keep");
        var hand = repo.Name("hand");
        repo.Stack(name, SwarmLabTests.Web());
        repo.Write($"hand/{hand}.yaml", SwarmLabTests.Web());
        var deploy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["-H", Lab.DockerHost!, "stack", "deploy", "-c", Path.Combine(repo.Root, "hand", hand + ".yaml"), hand]) { RedirectStandardOutput = true })!;
        await deploy.WaitForExitAsync();
        Assert.Equal(0, deploy.ExitCode);

        var plan = repo.Plan();

        Assert.Contains($"! service {hand}_web", plan.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"- service {hand}_web", plan.Output, StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeSwarm
{
    public const string Name = "whole swarm";
}
