namespace Reconciler.Core.Loading;

/// <summary>
/// The limits that keep reading a repository bounded in time and memory, whatever a commit
/// holds. Each is far above what a real desired-state repository needs (the sample repository
/// reads about 20 KB in 20 files, nests 8 levels deep and has a few hundred nodes per file)
/// and far below what would hurt a controller with a few hundred MB of memory.
/// </summary>
public static class RepositoryBudgets
{
    /// <summary>Bytes of one file that is read: Swarm's own limit for a config or secret is 500 KB.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>Bytes read from the whole repository (each file counted once).</summary>
    public const long MaxRepositoryBytes = 16 * 1024 * 1024;

    /// <summary>Files and directories one repository may list.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>
    /// Nesting of YAML collections, aliases included. Below System.Text.Json's default maximum
    /// depth (64), so the schema check can serialise every document it is given, and low
    /// enough that recursion over a tree can never exhaust the stack.
    /// </summary>
    public const int MaxYamlDepth = 48;

    /// <summary>
    /// YAML nodes in one file, counted across all of its documents and with every alias
    /// expanded: aliases can grow a small file exponentially ("billion laughs").
    /// </summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>How many symbolic links one path may pass through (as Linux's own limit).</summary>
    public const int MaxLinkHops = 40;
}
