namespace Reconciler.Storage.Nodes;

/// <summary>Commands on the node the controller runs on.</summary>
public sealed class LocalShell : INodeShell
{
    public string Address => "local";

    public bool RunsHere => true;

    public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command) => command;
}
