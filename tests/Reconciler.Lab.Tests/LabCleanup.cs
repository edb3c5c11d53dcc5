using Docker.DotNet;
using Docker.DotNet.Models;
using Reconciler.Swarm.Conversion;

namespace Reconciler.Lab.Tests;

/// <summary>Removes what a test deployed: services first, then networks, configs and secrets of its stacks.</summary>
internal static class LabCleanup
{
    public static async Task RemoveStacksAsync(IDockerClient docker, IReadOnlyCollection<string> stacks)
    {
        bool Ours(IDictionary<string, string>? labels) =>
            labels is not null && labels.TryGetValue(StackNames.NamespaceLabel, out var stack) && stacks.Contains(stack);

        foreach (var service in (await docker.Swarm.ListServicesAsync(new ServiceListParameters())).Where(s => Ours(s.Spec?.Labels)))
        {
            await docker.Swarm.RemoveServiceAsync(service.ID);
        }

        // Tasks take a moment to go; networks and configs in use cannot be removed before that.
        DockerApiException? last = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                foreach (var network in (await docker.Networks.ListNetworksAsync(new NetworksListParameters())).Where(n => Ours(n.Labels)))
                {
                    await docker.Networks.DeleteNetworkAsync(network.ID);
                }

                foreach (var config in (await docker.Configs.ListConfigsAsync()).Where(c => Ours(c.Spec?.Labels)))
                {
                    await docker.Configs.RemoveConfigAsync(config.ID);
                }

                foreach (var secret in (await docker.Secrets.ListAsync()).Where(s => Ours(s.Spec?.Labels)))
                {
                    await docker.Secrets.DeleteAsync(secret.ID);
                }

                return;
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.InternalServerError or System.Net.HttpStatusCode.NotFound)
            {
                last = e;
                await Task.Delay(500);
            }
        }

        throw new InvalidOperationException($"could not clean up stacks {string.Join(", ", stacks)} within 30 s", last);
    }

    /// <summary>
    /// Waits until no container of the service is left on this engine: one still stopping (busybox
    /// sleep ignores SIGTERM, so it takes the 10 s stop timeout) keeps its dataset busy for zfs destroy.
    /// </summary>
    public static async Task ContainersGoneAsync(IDockerClient docker, string service)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.name={service}"] = true } };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter })).Count == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"the containers of {service} were still there after 60 s");
    }
}
