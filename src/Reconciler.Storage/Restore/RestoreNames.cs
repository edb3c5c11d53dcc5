using Reconciler.Storage.Snapshots;

namespace Reconciler.Storage.Restore;

/// <summary>
/// The names a restore gives, all carrying its stamp (its start, in UTC as snapshot names carry
/// time): the snapshot of the state it replaced, and the dataset that keeps the timeline before it.
/// </summary>
public static class RestoreNames
{
    public const string PreRestorePrefix = "pre-restore-";

    private const string KeptInfix = ".before-restore-";

    public static string Stamp(DateTimeOffset time) => SnapshotName.Stamp(time);

    /// <summary>The snapshot of the dataset as it was when the restore began: kept, never pruned (not one of the schedule's names).</summary>
    public static string PreRestore(string stamp) => PreRestorePrefix + stamp;

    /// <summary>The dataset that keeps a dataset's timeline before the restore stamped <paramref name="stamp"/>.</summary>
    public static string Kept(string dataset, string stamp) => dataset + KeptInfix + stamp;

    /// <summary>True for a dataset that keeps one of <paramref name="dataset"/>'s earlier timelines.</summary>
    public static bool IsKept(string dataset, string candidate) => candidate.StartsWith(dataset + KeptInfix, StringComparison.Ordinal);
}
