using Docker.DotNet;

namespace Reconciler.Swarm.Engine;

/// <summary>Where the Docker Engine is: --docker-host, else DOCKER_HOST as the docker CLI reads it, else the local socket.</summary>
public static class DockerEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    public static Uri Resolve(string? explicitHost, Func<string, string?> environment)
    {
        var host = explicitHost ?? environment("DOCKER_HOST");
        return new Uri(string.IsNullOrWhiteSpace(host) ? DefaultHost : host);
    }

    public static DockerClient Connect(Uri endpoint) => new DockerClientBuilder().WithEndpoint(endpoint).Build();
}
