using Docker.DotNet;
using Reconciler.Core.Diagnostics.Formatting;
using Reconciler.Core.Loading;
using Reconciler.Core.Planning;
using Reconciler.Core.Validation;
using Reconciler.Swarm;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The shared front of plan and apply: load → validate → observe → diff → plan. Returns null
/// (after saying why) when the repository is invalid or the engine cannot be reached.
/// </summary>
internal sealed record PlanSession(DockerClient Docker, SwarmProvider Provider, SwarmSnapshot Snapshot, Plan Plan, ValidationReport Report) : IDisposable
{
    public static async Task<PlanSession?> OpenAsync(Terminal terminal, DirectoryInfo path, string? dockerHost, CancellationToken cancellationToken)
    {
        if (!path.Exists)
        {
            terminal.Error.WriteLine($"reconciler: error: '{path.FullName}' is not a directory; pass the repository's path");
            return null;
        }

        var files = new DirectoryRepositoryFiles(path.FullName);
        var report = Validator.Validate(files);
        if (!report.IsValid)
        {
            terminal.Error.Write(DiagnosticFormatter.Format(report.Diagnostics, DiagnosticFormat.Text));
            terminal.Error.WriteLine("reconciler: the repository is not valid; nothing was planned (see `reconciler validate`)");
            return null;
        }

        var endpoint = DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable);
        var docker = DockerEndpoint.Connect(endpoint);
        try
        {
            var provider = new SwarmProvider(docker);
            var snapshot = await provider.ObserveAsync(report.State, files, cancellationToken).ConfigureAwait(false);
            foreach (var error in snapshot.Errors)
            {
                terminal.Error.WriteLine($"reconciler: error: {error}");
            }

            foreach (var image in snapshot.UnpinnedImages)
            {
                terminal.Error.WriteLine($"reconciler: warning: could not resolve {image} in its registry; comparing and deploying it by tag");
            }

            return snapshot.Errors.Count > 0 ? null : new PlanSession(docker, provider, snapshot, Planner.Create(snapshot.Diff()), report);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            docker.Dispose();
            terminal.Error.WriteLine($"reconciler: error: cannot talk to the Docker Engine at {endpoint}: {e.Message}");
            terminal.Error.WriteLine("  Is it running, in Swarm mode, and is this the right --docker-host / DOCKER_HOST?");
            return null;
        }
    }

    public void Dispose() => Docker.Dispose();
}
