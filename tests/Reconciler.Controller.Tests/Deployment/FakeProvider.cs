using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;

namespace Reconciler.Controller.Tests.Deployment;

/// <summary>
/// A provider that keeps its resources in memory and writes what it is asked to do into a
/// journal shared by every provider of a test, so a test sees the order across providers.
/// </summary>
internal sealed class FakeProvider(string name, IReadOnlyList<string> kinds, bool neverRolledBack, List<string> journal) : IResourceProvider
{
    public string Name => name;

    public IReadOnlyList<string> Kinds => kinds;

    public bool NeverRolledBack => neverRolledBack;

    /// <summary>What the repository asks for, by desired state: a rollback observes another one.</summary>
    public Func<DesiredState, IReadOnlyList<Resource>> Desired { get; init; } = _ => [];

    public IReadOnlyList<Resource> Live { get; init; } = [];

    /// <summary>Changes the engine refuses.</summary>
    public IReadOnlySet<ResourceKey> Refused { get; init; } = new HashSet<ResourceKey>();

    /// <summary>The units that do not verify after an apply on behalf of a commit.</summary>
    public Func<string?, IReadOnlyList<string>> FailsToVerify { get; init; } = _ => [];

    public List<IReadOnlyList<string>> ObservedStacks { get; } = [];

    public Task<IObservation> ObserveAsync(DesiredState state, IRepositoryFiles files, CancellationToken cancellationToken)
    {
        ObservedStacks.Add(state.Stacks.Select(s => s.Name).ToList());
        return Task.FromResult<IObservation>(new Observation(this, Desired(state)));
    }

    public static Resource Resource(string kind, string name, ResourceOwner owner, string value = "1") =>
        new(new ResourceKey(kind, name), new JsonObject { ["value"] = value }, owner);

    private sealed class Observation(FakeProvider provider, IReadOnlyList<Resource> desired) : IObservation
    {
        public IReadOnlyList<Resource> Desired => desired;

        public IReadOnlyList<Resource> Live => provider.Live;

        public IReadOnlyList<string> Errors => [];

        public IReadOnlyList<string> Warnings => [];

        public IChangeApplier Applier(string? commit) => new Applier(provider, commit);
    }

    private sealed class Applier(FakeProvider provider, string? commit) : IChangeApplier
    {
        public Task ApplyAsync(Change change, CancellationToken cancellationToken)
        {
            provider.Write($"{commit}: {change.Action.ToString().ToLowerInvariant()} {change.Key}");
            return provider.Refused.Contains(change.Key)
                ? Task.FromException(new ApplyFailure(change.Key, $"the engine refused {change.Key.Name}"))
                : Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> VerifyAsync(DateTimeOffset? verifyAllSince, IDeployProgress progress, CancellationToken cancellationToken)
        {
            provider.Write($"{commit}: verify{(verifyAllSince is null ? string.Empty : " all")}");
            return Task.FromResult(provider.FailsToVerify(commit));
        }
    }

    private void Write(string line) => journal.Add($"{name} {line}");
}
