using Reconciler.Core.Diff;
using Reconciler.Core.Resources;

namespace Reconciler.Core.Providers;

/// <summary>What a deploy reports as it goes; a closed set, so every sink handles each case.</summary>
public abstract record DeployEvent
{
    private DeployEvent()
    {
    }

    /// <summary>One change is about to be applied.</summary>
    public sealed record Applying(ChangeAction Action, ResourceKey Key) : DeployEvent;

    /// <summary>The engine or a node refused a change.</summary>
    public sealed record ApplyFailed(ResourceKey Key, string Reason) : DeployEvent;

    /// <summary>A provider that is never rolled back failed: nothing after its failed change was applied.</summary>
    public sealed record Stopped(string Provider) : DeployEvent;

    /// <summary>Waiting for this many services to converge.</summary>
    public sealed record Verifying(int Services) : DeployEvent;

    /// <summary>Where one service ended up, in the engine's own words.</summary>
    public sealed record ServiceVerified(string Service, bool Converged, string Status) : DeployEvent;

    /// <summary>Whether every verified service converged, and how long the slowest stack took.</summary>
    public sealed record Verified(bool Converged, TimeSpan Elapsed) : DeployEvent;

    /// <summary>These stacks go back to the last good commit.</summary>
    public sealed record RollingBack(IReadOnlyList<string> Stacks, string Commit) : DeployEvent;

    /// <summary>Stacks failed and there is nothing to roll back to.</summary>
    public sealed record RollbackUnavailable(NoRollbackReason Reason) : DeployEvent;

    /// <summary>The last good commit no longer validates, so it cannot be applied again.</summary>
    public sealed record RollbackInvalid : DeployEvent;
}

public enum NoRollbackReason
{
    /// <summary>The files applied are not a commit (not a git work tree, or uncommitted changes).</summary>
    NotACommit,

    /// <summary>No earlier apply converged.</summary>
    NoLastGoodCommit,
}
