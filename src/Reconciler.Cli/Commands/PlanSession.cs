using Docker.DotNet;
using Reconciler.Core.Model;
using Reconciler.Controller.Deployment;
using Reconciler.Core.Planning;
using Reconciler.Core.Providers;
using Reconciler.Core.Text;
using Reconciler.Core.Validation;
using Reconciler.Storage;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;
using Reconciler.Swarm;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The shared front of plan and apply: load → validate → observe (storage, then Swarm) → diff →
/// plan. Returns null (after saying why) when the repository is invalid, the engine cannot be
/// reached, or storage cannot be managed safely.
/// </summary>
internal sealed record PlanSession(DockerClient Docker, ClusterObservation Observation, ValidationReport Report, SecretKeyChoice Secrets) : IDisposable
{
    public Plan Plan => Observation.Plan;

    /// <param name="stored">
    /// The state here: the paths earlier applies managed (for orphans) and, after a failover, the
    /// overlay the repository is planned through (said first, never silent).
    /// </param>
    public static async Task<PlanSession?> OpenAsync(
        Terminal terminal, DirectoryInfo path, string? dockerHost, Func<ClusterManifest?, StorageNodes> nodesOf, Controller.State.ReconcilerState stored,
        SecretKeyChoice secrets, CancellationToken cancellationToken)
    {
        if (ValidRepository.Load(terminal, path, "planned", secrets) is not { } repository)
        {
            return null;
        }

        if (stored.Failover?.Overlay is { } overlay)
        {
            terminal.Error.WriteLine($"reconciler: FAILOVER: {StatusText.FailedOver(overlay.Describe())}");
            var overlaid = overlay.ApplyTo(repository.Report.State);
            foreach (var problem in overlaid.Problems)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: the failover overlay cannot map {problem}"));
            }

            if (!overlaid.CanApply)
            {
                return null;
            }

            repository = repository with { Report = repository.Report with { State = overlaid.State } };
        }

        return await ObserveAsync(terminal, repository, dockerHost, nodesOf, stored.Paths, secrets, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Observes the cluster against a repository already loaded (and, after a failover, overlaid) and plans.</summary>
    public static async Task<PlanSession?> ObserveAsync(
        Terminal terminal, ValidRepository repository, string? dockerHost, Func<ClusterManifest?, StorageNodes> nodesOf, IReadOnlyCollection<ManagedPath> knownPaths,
        SecretKeyChoice secrets, CancellationToken cancellationToken)
    {
        var (files, report) = repository;
        var endpoint = DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable);
        var docker = DockerEndpoint.Connect(endpoint);
        try
        {
            var providers = new IResourceProvider[] { new StorageProvider(nodesOf(report.State.Cluster), knownPaths), new SwarmProvider(docker, TimeProvider.System) };
            var observation = await ClusterObservation.ObserveAsync(providers, report.State, files, cancellationToken).ConfigureAwait(false);
            foreach (var warning in observation.Warnings)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: warning: {warning}"));
            }

            foreach (var error in observation.Errors)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: {error}"));
            }

            if (observation.Errors.Count > 0)
            {
                docker.Dispose();
                return null;
            }

            return new PlanSession(docker, observation, report, secrets);
        }
        catch (Exception e) when (ClusterObservation.IsEngineUnreachable(e))
        {
            docker.Dispose();
            terminal.Error.WriteLine($"reconciler: error: cannot talk to the Docker Engine at {endpoint}: {e.Message}");
            terminal.Error.WriteLine("  Is it running, in Swarm mode, and is this the right --docker-host / DOCKER_HOST?");
            return null;
        }
    }

    /// <summary>The state here for a plan; one that cannot be read only costs what it holds (orphaned paths, an overlay), with a warning.</summary>
    public static Controller.State.ReconcilerState Stored(Terminal terminal, Controller.State.StateStore store)
    {
        try
        {
            return store.Load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            terminal.Error.WriteLine($"reconciler: warning: cannot read {store.Path} ({e.Message}); paths that left the repository are not shown");
            return Controller.State.ReconcilerState.Empty;
        }
    }

    public void Dispose() => Docker.Dispose();
}
