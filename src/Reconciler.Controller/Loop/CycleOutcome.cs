namespace Reconciler.Controller.Loop;

/// <summary>How one cycle ended, as counted in reconciler_cycles_total{result}.</summary>
public enum CycleOutcome
{
    /// <summary>Nothing to do: the cluster matched the repository.</summary>
    InSync,

    /// <summary>A new commit converged.</summary>
    Applied,

    /// <summary>Drift was corrected.</summary>
    Healed,

    /// <summary>Drift was found and left (self-heal off, or suspended).</summary>
    Drifted,

    /// <summary>A new commit did not validate and was not applied.</summary>
    Rejected,

    /// <summary>A deploy failed (rolled back or not).</summary>
    Failed,

    /// <summary>Git, the engine or a node could not be reached; nothing was changed.</summary>
    Error,
}
