namespace Reconciler.Storage.Nodes;

/// <summary>How a command on a node ended, with what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
