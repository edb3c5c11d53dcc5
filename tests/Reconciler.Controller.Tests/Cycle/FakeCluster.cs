using System.Text.Json.Nodes;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Ports;
using Reconciler.Controller.State;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Planning;
using Reconciler.Core.Resources;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Resources;
using Reconciler.Swarm.Rebalance;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>
/// A cluster the test steers: which stacks differ from what runs, which fail to converge, whether
/// the engine answers. An apply that converges makes the cluster match; one that fails leaves the
/// failed stacks on the rollback commit (or broken, without one).
/// </summary>
internal sealed class FakeCluster(TimeProvider clock) : ICluster
{
    private readonly TimeProvider time = clock;

    /// <summary>Stacks whose next plan has a change (a new commit or drift).</summary>
    public HashSet<string> Differs { get; } = new(StringComparer.Ordinal);

    /// <summary>Stacks that never converge.</summary>
    public HashSet<string> Broken { get; } = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    public List<string> PlanErrors { get; } = [];

    public List<(string Commit, string? RollbackTo, DateTimeOffset? VerifyAllSince)> Applies { get; } = [];

    public int Plans { get; private set; }

    /// <summary>The desired states planned, in order.</summary>
    public List<DesiredState> Planned { get; } = [];

    public List<DesiredState> StorageRuns { get; } = [];

    public List<ReplicationStatus> Replications { get; } = [];

    /// <summary>The copies as the storage cycle finds them before sending.</summary>
    public List<ReplicaState> Replicas { get; } = [];

    /// <summary>The nodes that take tasks; tests take one away and bring it back.</summary>
    public HashSet<string> Schedulable { get; } = new(StringComparer.Ordinal) { "atlas", "hermes" };

    public int NodeLooks { get; private set; }

    /// <summary>The stacks each rebalance was asked for, in order.</summary>
    public List<IReadOnlyCollection<string>> Rebalances { get; } = [];

    public Task<IClusterPlan> PlanAsync(DesiredState state, IRepositoryFiles files, IReadOnlyCollection<ManagedPath> knownPaths, CancellationToken cancellationToken)
    {
        ThrowWhenDown();
        Plans++;
        Planned.Add(state);
        var steps = state.Stacks.Where(s => Differs.Contains(s.Name)).Select(s => Change(s.Name)).ToList();
        return Task.FromResult<IClusterPlan>(new FakePlan(this, new Plan(steps, [], state.Stacks.Count - steps.Count), [.. PlanErrors]));
    }

    public Task<CycleReport> RunStorageAsync(DesiredState state, CancellationToken cancellationToken)
    {
        ThrowWhenDown();
        StorageRuns.Add(state);
        return Task.FromResult(new CycleReport([], [], [.. Replications], []) { Replicas = [.. Replicas] });
    }

    /// <summary>atlas and hermes, each ready while <see cref="Schedulable"/> holds it and down otherwise.</summary>
    public Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken cancellationToken)
    {
        ThrowWhenDown();
        NodeLooks++;
        return Task.FromResult<IReadOnlyList<SwarmNode>>(
            [.. new[] { ("atlas", Core.Model.NodeRole.Manager), ("hermes", Core.Model.NodeRole.Worker) }
                .Select(n => new SwarmNode(n.Item1, n.Item2, new Dictionary<string, string>(), Schedulable.Contains(n.Item1) ? "ready" : "down", "active"))]);
    }

    /// <summary>Every stack asked for had its one service piled on atlas; a rebalance spreads it.</summary>
    public Task<IReadOnlyList<RebalancedService>> RebalanceAsync(DesiredState state, IReadOnlyCollection<string> stacks, CancellationToken cancellationToken)
    {
        ThrowWhenDown();
        Rebalances.Add([.. stacks]);
        return Task.FromResult<IReadOnlyList<RebalancedService>>(
            stacks.Select(s => new RebalancedService($"{s}_app", "atlas 2, hermes 0", "atlas 1, hermes 1", !Broken.Contains(s), "2/2 tasks running")).ToList());
    }

    /// <summary>An update of the stack's one service, owned by the stack as the Swarm provider owns it.</summary>
    public static Change Change(string stack)
    {
        var owner = ResourceOwner.OfStack(stack, prune: true);
        var key = new ResourceKey("service", $"{stack}_app");
        return new Change(ChangeAction.Update, key, new Resource(key, new JsonObject { ["v"] = 2 }, owner), new Resource(key, new JsonObject { ["v"] = 1 }, owner), []);
    }

    private void ThrowWhenDown()
    {
        if (Down)
        {
            throw new ClusterUnavailableException("cannot talk to the Docker Engine: connection refused");
        }
    }

    private sealed class FakePlan(FakeCluster cluster, Plan plan, IReadOnlyList<string> errors) : IClusterPlan
    {
        public Plan Plan => plan;

        public IReadOnlyList<string> Errors => errors;

        public IReadOnlyList<ManagedPath> ManagedPaths => [new("atlas", "/srv/app")];

        public Task<ApplyRecord> ApplyAsync(string commit, RollbackSource? rollback, DateTimeOffset? verifyAllSince, CancellationToken cancellationToken)
        {
            cluster.ThrowWhenDown();
            cluster.Applies.Add((commit, rollback?.Commit, verifyAllSince));
            var stacks = plan.Steps.Select(s => s.Key.Name[..s.Key.Name.IndexOf('_', StringComparison.Ordinal)]).Distinct().ToList();
            var failed = stacks.Where(cluster.Broken.Contains).ToList();
            cluster.Differs.ExceptWith(stacks.Except(failed));
            var result = failed.Count == 0 ? plan.HasChanges ? ApplyResult.Converged : ApplyResult.NoChanges
                : rollback is null ? ApplyResult.Failed : ApplyResult.RolledBack;
            if (result == ApplyResult.RolledBack)
            {
                rollback!.Files(); // the rollback reads the last good commit's files, as the real one does
                cluster.Differs.ExceptWith(failed);
            }

            return Task.FromResult(new ApplyRecord(commit, cluster.time.GetUtcNow(), result, $"{plan.Steps.Count} updated", failed));
        }
    }
}
