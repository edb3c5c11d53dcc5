namespace Reconciler.Storage.Nodes;

/// <summary>
/// Runs a command on one node, locally or over ssh, so plan and apply code never care where a
/// node is. Commands are argument vectors, never shell strings: nothing is interpolated.
/// </summary>
public interface INodeShell
{
    /// <summary>The node's address as the Cluster manifest writes it ("local" or user@host).</summary>
    string Address { get; }

    /// <summary>True when commands run on the controller's own host (so the kernel can pipe them directly).</summary>
    bool RunsHere { get; }

    /// <summary>The argument vector that runs a command on this node from the controller's host.</summary>
    IReadOnlyList<string> CommandLine(IReadOnlyList<string> command);

    /// <summary>Starts a command whose standard input and output the caller streams (zfs send and receive).</summary>
    NodeProcess Start(IReadOnlyList<string> command) => NodeProcess.Start(CommandLine(command));
}
