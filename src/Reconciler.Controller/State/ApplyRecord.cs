namespace Reconciler.Controller.State;

/// <summary>One apply: which commit, when, how it ended and what it changed.</summary>
public sealed record ApplyRecord(string? Commit, DateTimeOffset At, ApplyResult Result, string Summary, IReadOnlyList<string> FailedStacks);

public static class ApplyResults
{
    /// <summary>True when the commit now runs as declared (converged, or nothing needed changing): it becomes the last good one.</summary>
    public static bool Succeeded(this ApplyResult result) => result is ApplyResult.Converged or ApplyResult.NoChanges;

    /// <inheritdoc cref="Succeeded(ApplyResult)"/>
    public static bool Succeeded(this ApplyResult? result) => result is { } known && known.Succeeded();

    /// <summary>How a result reads in messages: "converged", "rolled back", "rollback failed".</summary>
    public static string Describe(this ApplyResult result) => result switch
    {
        ApplyResult.NoChanges => "no changes",
        ApplyResult.RolledBack => "rolled back",
        ApplyResult.RollbackFailed => "rollback failed",
        _ => result.ToString().ToLowerInvariant(),
    };
}

public enum ApplyResult
{
    /// <summary>The commit did not validate; nothing was applied and the cluster stayed where it was.</summary>
    Rejected,

    /// <summary>Nothing needed changing: the cluster already matches the commit, which becomes the last good one.</summary>
    NoChanges,

    /// <summary>Applied and every changed service converged: this commit becomes the last good one.</summary>
    Converged,

    /// <summary>Did not converge and there was nothing to roll back to.</summary>
    Failed,

    /// <summary>Did not converge; the failed stacks were put back on the last good commit.</summary>
    RolledBack,

    /// <summary>Did not converge, and neither did the rollback: a person is needed.</summary>
    RollbackFailed,
}
