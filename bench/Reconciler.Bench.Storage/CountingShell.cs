using Reconciler.Storage.Nodes;

/// <summary>Counts the processes the controller starts through a node shell (one per command; ssh is one too).</summary>
internal sealed class CountingShell(INodeShell inner) : INodeShell
{
    public static int Started { get; private set; }

    public string Address => inner.Address;

    public bool RunsHere => inner.RunsHere;

    public IReadOnlyList<string> CommandLine(IReadOnlyList<string> command)
    {
        Started++;
        return inner.CommandLine(command);
    }
}
