namespace Reconciler.Core.Diff;

public enum ChangeAction
{
    /// <summary>In the repository, not in the cluster.</summary>
    Create,

    /// <summary>In both, with different properties (drift or a new commit).</summary>
    Update,

    /// <summary>In the cluster only, and its owner allows pruning.</summary>
    Delete,

    /// <summary>In the cluster only, and nothing allows deleting it: reported, left alone.</summary>
    Orphan,

    /// <summary>In both and equal.</summary>
    Unchanged,
}
