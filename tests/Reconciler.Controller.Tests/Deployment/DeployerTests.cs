using Microsoft.Extensions.Time.Testing;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.State;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;
using Reconciler.Core.Validation;

namespace Reconciler.Controller.Tests.Deployment;

/// <summary>The deployer over providers it knows only through the port: order, stop, roll back, record.</summary>
public sealed class DeployerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly ResourceOwner Homelab = new(OwnerKind.Cluster, "homelab", Prune: false);

    private readonly List<string> journal = [];
    private readonly RecordedProgress progress = new();

    /// <summary>A repository with two stacks; the last good commit is the same files.</summary>
    private static readonly InMemoryRepositoryFiles Files = new(new Dictionary<string, string>
    {
        ["cluster.yaml"] = "apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {name: homelab}\nspec:\n  nodes:\n    - {name: atlas, role: manager, address: local}\n",
        ["stacks/web/stack.yaml"] = "apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: web}\nspec: {compose: compose.yaml}\n",
        ["stacks/web/compose.yaml"] = "services:\n  app:\n    image: nginx:1.27\n",
        ["stacks/api/stack.yaml"] = "apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: api}\nspec: {compose: compose.yaml}\n",
        ["stacks/api/compose.yaml"] = "services:\n  app:\n    image: nginx:1.27\n",
    });

    private static readonly RollbackSource LastGood = new("900dc0ffee900dc0ffee", () => Files);

    private FakeProvider Storage(params ResourceKey[] refused) => new("storage", ["path", "dataset"], neverRolledBack: true, journal)
    {
        Desired = _ => [FakeProvider.Resource("path", "/srv/a", Homelab), FakeProvider.Resource("path", "/srv/b", Homelab)],
        Refused = refused.ToHashSet(),
    };

    /// <summary>A service per stack of the desired state, and a node label of the Cluster.</summary>
    private FakeProvider Swarm(Func<string?, IReadOnlyList<string>>? failsToVerify = null, params ResourceKey[] refused) =>
        new("swarm", ["node-label", "service"], neverRolledBack: false, journal)
        {
            Desired = state => [
                FakeProvider.Resource("node-label", "tier", Homelab),
                .. state.Stacks.Select(s => FakeProvider.Resource("service", $"{s.Name}_app", ResourceOwner.OfStack(s.Name, prune: false)))],
            Refused = refused.ToHashSet(),
            FailsToVerify = failsToVerify ?? (_ => []),
        };

    private static async Task<ClusterObservation> ObserveAsync(params IResourceProvider[] providers) =>
        await ClusterObservation.ObserveAsync(providers, Validator.Validate(Files).State, Files, CancellationToken.None);

    private Deployer Deployer() => new(new FakeTimeProvider(Now), progress);

    [Fact]
    public async Task Storage_applies_first_then_the_rest_applies_and_verifies_and_the_commit_converges()
    {
        var observation = await ObserveAsync(Storage(), Swarm());

        var record = await Deployer().DeployAsync(observation, "c0ffee", LastGood, null, CancellationToken.None);

        Assert.Equal((ApplyResult.Converged, Now, "5 created, 0 updated, 0 deleted, 0 orphaned"), (record.Result, record.At, record.Summary));
        Assert.Empty(record.FailedStacks);
        Assert.Equal(
            ["storage c0ffee: create path /srv/a", "storage c0ffee: create path /srv/b",
             "swarm c0ffee: create node-label tier", "swarm c0ffee: create service api_app", "swarm c0ffee: create service web_app",
             "swarm c0ffee: verify"],
            journal);
    }

    [Fact]
    public async Task A_storage_failure_stops_everything_and_nothing_is_rolled_back()
    {
        var observation = await ObserveAsync(Storage(refused: new ResourceKey("path", "/srv/a")), Swarm());

        var record = await Deployer().DeployAsync(observation, "c0ffee", LastGood, null, CancellationToken.None);

        Assert.Equal(ApplyResult.Failed, record.Result);
        Assert.Empty(record.FailedStacks);
        Assert.Equal(["storage c0ffee: create path /srv/a"], journal);
        Assert.Equal(
            [new DeployEvent.Applying(Core.Diff.ChangeAction.Create, new ResourceKey("path", "/srv/a")),
             new DeployEvent.ApplyFailed(new ResourceKey("path", "/srv/a"), "the engine refused /srv/a"),
             new DeployEvent.Stopped("storage")],
            progress.Events);
    }

    [Fact]
    public async Task A_stack_that_does_not_verify_and_only_it_is_rolled_back_to_the_last_good_commit()
    {
        var swarm = Swarm(failsToVerify: commit => commit == "c0ffee" ? ["web"] : []);
        var observation = await ObserveAsync(Storage(), swarm);

        var record = await Deployer().DeployAsync(observation, "c0ffee", LastGood, null, CancellationToken.None);

        Assert.Equal(ApplyResult.RolledBack, record.Result);
        Assert.Equal(["web"], record.FailedStacks);
        Assert.Equal(["web"], swarm.ObservedStacks[^1]);
        Assert.Equal(
            ["swarm 900dc0ffee900dc0ffee: create service web_app", "swarm 900dc0ffee900dc0ffee: verify"],
            journal.SkipWhile(line => !line.StartsWith("swarm 900dc0ffee", StringComparison.Ordinal)));
        var rollingBack = Assert.Single(progress.Events.OfType<DeployEvent.RollingBack>());
        Assert.Equal(["web"], rollingBack.Stacks);
        Assert.Equal(LastGood.Commit, rollingBack.Commit);
    }

    [Fact]
    public async Task A_rollback_that_does_not_verify_either_is_recorded_as_such()
    {
        var observation = await ObserveAsync(Storage(), Swarm(failsToVerify: _ => ["api"]));

        var record = await Deployer().DeployAsync(observation, "c0ffee", LastGood, null, CancellationToken.None);

        Assert.Equal(ApplyResult.RollbackFailed, record.Result);
        Assert.Equal(["api"], record.FailedStacks);
    }

    [Fact]
    public async Task A_refused_change_fails_its_stack_applies_nothing_after_it_and_verifies_nothing()
    {
        var observation = await ObserveAsync(Storage(), Swarm(refused: new ResourceKey("service", "api_app")));

        var record = await Deployer().DeployAsync(observation, "c0ffee", rollback: null, null, CancellationToken.None);

        Assert.Equal(ApplyResult.Failed, record.Result);
        Assert.Equal(["api"], record.FailedStacks);
        Assert.Equal("swarm c0ffee: create service api_app", journal[^1]);
        Assert.Contains(new DeployEvent.ApplyFailed(new ResourceKey("service", "api_app"), "the engine refused api_app"), progress.Events);
        Assert.Equal(new DeployEvent.RollbackUnavailable(NoRollbackReason.NoLastGoodCommit), progress.Events[^1]);
    }

    [Fact]
    public async Task Files_that_are_not_a_commit_cannot_be_rolled_back()
    {
        var observation = await ObserveAsync(Swarm(failsToVerify: _ => ["web"]));

        var record = await Deployer().DeployAsync(observation, commit: null, rollback: null, null, CancellationToken.None);

        Assert.Equal(ApplyResult.Failed, record.Result);
        Assert.Equal(new DeployEvent.RollbackUnavailable(NoRollbackReason.NotACommit), progress.Events[^1]);
    }

    [Fact]
    public async Task Nothing_to_change_touches_nothing_unless_everything_must_be_verified()
    {
        var quiet = await ObserveAsync(new FakeProvider("swarm", ["service"], neverRolledBack: false, journal));

        var unchanged = await Deployer().DeployAsync(quiet, "c0ffee", LastGood, null, CancellationToken.None);
        Assert.Equal(ApplyResult.NoChanges, unchanged.Result);
        Assert.Empty(journal);

        var resumed = await Deployer().DeployAsync(quiet, "c0ffee", LastGood, Now.AddMinutes(-5), CancellationToken.None);
        Assert.Equal(ApplyResult.NoChanges, resumed.Result);
        Assert.Equal(["swarm c0ffee: verify all"], journal);
    }

    [Fact]
    public async Task Providers_are_composed_in_their_order_with_kinds_the_core_never_heard_of()
    {
        var replicas = new FakeProvider("replicas", ["replica-promotion"], neverRolledBack: true, journal)
        {
            Desired = _ => [FakeProvider.Resource("replica-promotion", "backup/db", new ResourceOwner(OwnerKind.Replication, "db", Prune: false))],
        };

        var observation = await ObserveAsync(Storage(), replicas, Swarm());

        Assert.Equal(
            ["path", "path", "replica-promotion", "node-label", "service", "service"],
            observation.Plan.Steps.Select(s => s.Key.Kind));
    }

    private sealed class RecordedProgress : IDeployProgress
    {
        public List<DeployEvent> Events { get; } = [];

        public void Report(DeployEvent progress) => Events.Add(progress);
    }
}
