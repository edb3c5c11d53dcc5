using Reconciler.Controller.Deployment;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Core.Planning.Rendering;
using Reconciler.Core.Recovery;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Resources;
using Reconciler.Swarm.Engine;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The steps of a failover on the survivor, in order: overlay (with the RPO, recorded before
/// anything changes), make sure the manager is gone, new swarm, promote the replicas, apply the
/// overlaid last good commit. Each step is recorded or looks before it acts, so a run cut off at
/// any point is finished by the next.
/// </summary>
internal sealed class Takeover(Terminal terminal, ValidRepository repository, StandbyCopy standby, StateStore store, string lost, string survivor)
{
    private readonly StandbyManifest manifest = standby.Manifest!;

    public async Task<int> RunAsync(
        FailoverRecord? earlier, string? dockerHost, Func<ClusterManifest?, StorageNodes> nodesOf, SecretKeyChoice secrets, CancellationToken cancellationToken)
    {
        var output = terminal.Output;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var desired = repository.Report.State;
        var here = nodesOf(LocalSurvivor(desired.Cluster!))[survivor];
        var record = earlier ?? new FailoverRecord(
            new FailoverOverlay(lost, survivor, manifest.Epoch + 1, DateTimeOffset.UtcNow, await RpoAsync(here, desired, cancellationToken).ConfigureAwait(false)),
            manifest.Commit);
        var overlay = record.Overlay;
        output.WriteLine(earlier is null
            ? $"failover: {survivor} takes over from {lost} (epoch {overlay.Epoch}) with commit {CommitId.Short(record.Commit)}, standby written {manifest.WrittenAt:u}"
            : $"failover: finishing the failover begun {overlay.At:u} (epoch {overlay.Epoch})");
        var overlaid = overlay.ApplyTo(desired);
        foreach (var warning in overlaid.Warnings)
        {
            terminal.Error.WriteLine(Escape.Terminal($"reconciler: warning: {warning}"));
        }

        if (!overlaid.CanApply)
        {
            foreach (var problem in overlaid.Problems)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: {problem}"));
            }

            terminal.Error.WriteLine($"reconciler: nothing was changed: {survivor} cannot stand in for {lost} as the repository is");
            return 1;
        }

        using var docker = DockerEndpoint.Connect(DockerEndpoint.Resolve(dockerHost, Environment.GetEnvironmentVariable));
        if (!await ManagerGoneAsync(docker, () => LostManager(desired.Cluster!, nodesOf), cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        foreach (var (dataset, rpo) in overlay.Rpo.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  RPO {dataset}: {Duration.Format(rpo)} (writes after its newest replicated snapshot are lost)");
        }

        if (earlier is null)
        {
            // Seeded from the manager's state (history, last good commit, paths) the moment before anything changes.
            store.Save(standby.State() with { Failover = record, InProgress = null });
        }

        var (swarmId, swarmDone) = await SwarmTakeover.TakeOverAsync(docker, standby.Swarm(), record.SwarmId, cancellationToken).ConfigureAwait(false);
        record = record with { SwarmId = swarmId };
        store.Save(store.Load() with { Failover = record });
        output.WriteLine($"  swarm: {swarmDone}");

        foreach (var dataset in Promoted(desired, overlaid.State))
        {
            var done = await ReplicaPromotion.PromoteAsync(here, dataset, ReplicaPromotion.FailoverMark(overlay.Epoch), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  dataset {dataset.Name}: {(done.Count == 0 ? "already promoted" : string.Join(", ", done))}");
        }

        var applied = await ApplyAsync(repository with { Report = repository.Report with { State = overlaid.State } }, dockerHost, nodesOf, secrets, record, cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            terminal.Error.WriteLine("reconciler: the failover is not finished; fix what is reported and run `reconciler failover` again");
            return 1;
        }

        store.Save(store.Load() with { Failover = record with { Applied = true } });
        output.WriteLine($"{overlay.Describe()}; took over in {Duration.Format(started.Elapsed)}");
        output.WriteLine($"To make it permanent, change the repository: `reconciler failover --print-patch` prints the change; until then plan and status show this overlay.");
        return 0;
    }

    /// <summary>The cluster with the survivor reached locally: failover runs on it, whatever address the manager used for it.</summary>
    private ClusterManifest LocalSurvivor(ClusterManifest cluster) =>
        cluster with { Nodes = cluster.Nodes.Select(n => n.Name == survivor ? n with { Address = "local" } : n).ToList() };

    /// <summary>Now minus the newest snapshot of each replica that takes over: the writes the failover gives up.</summary>
    private async Task<IReadOnlyDictionary<string, TimeSpan>> RpoAsync(StorageNode here, DesiredState desired, CancellationToken cancellationToken)
    {
        var replicas = desired.Datasets.Where(d => d.Node == lost)
            .SelectMany(d => desired.Replications.Where(r => r.SourceDataset == d.Name && r.TargetNode == survivor))
            .ToList();
        var observed = await FailoverObserver.ReplicasAsync(here, replicas.Select(r => r.TargetDataset).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        return replicas.Where(r => observed.GetValueOrDefault(r.TargetDataset)?.NewestSnapshot is not null)
            .ToDictionary(r => r.SourceDataset, r => now - observed[r.TargetDataset].NewestSnapshot!.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// False (after saying why) while the lost manager's swarm answers: its address from the
    /// standby, and every manager the survivor's engine still knows from the old swarm. A manager
    /// that answers ssh is fenced over it first, and false if that fails.
    /// </summary>
    private async Task<bool> ManagerGoneAsync(Docker.DotNet.IDockerClient docker, Func<StorageNode> lostManager, CancellationToken cancellationToken)
    {
        var swarm = standby.Swarm();
        var endpoints = new List<(string Host, int Port, string Service)>
        {
            (swarm.ManagerAddress, ManagerProbe.SwarmPort, "swarm"),
            (swarm.ManagerAddress, ManagerProbe.SshPort, "ssh"),
        };
        foreach (var address in await SwarmTakeover.RemoteManagersAsync(docker, cancellationToken).ConfigureAwait(false))
        {
            var host = SwarmInitParameters.HostOf(address);
            var port = SwarmInitParameters.PortOf(address, ManagerProbe.SwarmPort);
            if (host != swarm.AdvertiseAddress)
            {
                endpoints.Add((host, port, "swarm"));
            }
        }

        var probes = await Task.WhenAll(endpoints.Distinct().Select(e => ManagerProbe.ConnectAsync(e.Host, e.Port, e.Service, cancellationToken))).ConfigureAwait(false);
        foreach (var probe in probes)
        {
            terminal.Output.WriteLine($"  {lost} {probe}");
        }

        if (ManagerProbe.Refusal(lost, probes) is { } refusal)
        {
            terminal.Error.WriteLine($"reconciler: error: {refusal}");
            return false;
        }

        if (ManagerProbe.UpOverSsh(probes) is not { } ssh)
        {
            return true;
        }

        var fence = await ManagerFence.FenceAsync(lostManager(), cancellationToken).ConfigureAwait(false);
        if (!fence.Succeeded)
        {
            terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: {lost} still answers ssh at {ssh.Endpoint}, so it is up and may still write its datasets, and fencing it failed: {fence.Detail}. "
                + $"Fence it by hand (stop Docker there, then `zfs set readonly=on` and `zfs unmount` its datasets) or power it off, then run failover again"));
            return false;
        }

        terminal.Output.WriteLine(Escape.Terminal($"  fenced {lost} over ssh: {fence.Detail}"));
        terminal.Output.WriteLine($"  {lost} must not start Docker again before its guard runs (a reboot runs it; or `reconciler guard --docker-host URI` there): it records the fence and leaves the stale swarm");
        return true;
    }

    /// <summary>
    /// The lost manager over ssh. A Cluster manifest written for a controller on the manager calls
    /// it "local"; from the survivor it is the address its swarm advertised.
    /// </summary>
    private StorageNode LostManager(ClusterManifest cluster, Func<ClusterManifest?, StorageNodes> nodesOf) =>
        nodesOf(cluster with
        {
            Nodes = cluster.Nodes.Select(n => n.Name == lost && n.IsLocal ? n with { Address = standby.Swarm().ManagerAddress } : n).ToList(),
        })[lost];

    /// <summary>The overlaid datasets that were the lost node's: the replicas that take over.</summary>
    private IEnumerable<DatasetManifest> Promoted(DesiredState desired, DesiredState overlaid) =>
        desired.Datasets.Where(d => d.Node == lost)
            .Select(d => overlaid.Datasets.First(o => o.Node == survivor
                && desired.Replications.Any(r => r.SourceDataset == d.Name && r.TargetNode == survivor && r.TargetDataset == o.Name)));

    private async Task<bool> ApplyAsync(
        ValidRepository overlaid, string? dockerHost, Func<ClusterManifest?, StorageNodes> nodesOf, SecretKeyChoice secrets, FailoverRecord record, CancellationToken cancellationToken)
    {
        var state = store.Load();
        var known = state.Paths.Where(p => p.Node != lost).ToList();
        using var session = await PlanSession.ObserveAsync(terminal, overlaid, dockerHost, cluster => nodesOf(LocalSurvivor(cluster!)), known, secrets, cancellationToken)
            .ConfigureAwait(false);
        if (session is null)
        {
            return false;
        }

        terminal.Output.WriteLine($"  applying {CommitId.Short(record.Commit)} with the overlay:");
        terminal.Output.Write(PlanRenderer.Render(session.Plan, PlanFormat.Text));
        if (session.Plan.HasChanges)
        {
            store.Begin(ApplyInProgress.Of(record.Commit, session.Plan, DateTimeOffset.UtcNow));
        }

        var deployer = new Deployer(TimeProvider.System, new TerminalProgress(terminal.Output));
        var applied = await deployer.DeployAsync(session.Observation, record.Commit, rollback: null, verifyAllSince: DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        store.Record(applied, DesiredStorage.PathsByNode(overlaid.Report.State));
        terminal.Output.WriteLine($"  recorded: {applied.Result.Describe()} for commit {CommitId.Short(record.Commit)}");
        return applied.Result.Succeeded();
    }
}
