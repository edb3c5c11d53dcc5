using System.Diagnostics;

namespace Reconciler.Storage.Nodes;

/// <summary>Commands on the node the controller runs on.</summary>
public sealed class LocalShell : INodeShell
{
    public string Address => "local";

    public NodeProcess Start(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0]);
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeProcess(start);
    }
}
