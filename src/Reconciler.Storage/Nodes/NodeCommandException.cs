namespace Reconciler.Storage.Nodes;

/// <summary>A command on a node failed; the message names the node, the command and what it printed.</summary>
public sealed class NodeCommandException(string node, IReadOnlyList<string> command, CommandResult result)
    : Exception($"on {node}: `{string.Join(' ', command)}` failed (exit {result.ExitCode}): {result.Error}")
{
    public string Node { get; } = node;

    public CommandResult Result { get; } = result;
}
