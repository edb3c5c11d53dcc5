using System.Globalization;
using System.Text;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Cli.Commands;

/// <summary>The controller's status as `reconciler status` prints it.</summary>
internal static class StatusText
{
    public static string Render(ControllerStatus status)
    {
        var text = new StringBuilder();
        if (status.Fenced is { } fenced)
        {
            text.Append(CultureInfo.InvariantCulture, $"FENCED     {Escape.Terminal(fenced)} (`reconciler guard --release` lifts it)\n");
        }

        if (status.FailedOver is { } failedOver)
        {
            text.Append(CultureInfo.InvariantCulture, $"FAILOVER   {FailedOver(failedOver)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"following  {status.Tracking}{(status.Suspended ? "  (SUSPENDED: observing only)" : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"tip        {Short(status.Tip)}\napplied    {Short(status.Applied)}\nlast good  {Short(status.LastGood)}\n");
        text.Append(CultureInfo.InvariantCulture, $"phase      {status.Phase}\n");
        if (status.LastError is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $"error      {error}\n");
        }

        foreach (var stack in status.Stacks)
        {
            text.Append(CultureInfo.InvariantCulture, $"stack      {stack.Name}: {stack.State.Name()}{(stack.Reason.Length > 0 ? $" ({stack.Reason})" : string.Empty)}\n");
        }

        foreach (var node in status.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"node       {Escape.Terminal(node.Describe())}{(node.Up ? string.Empty : " (TAKES NO TASKS)")}\n");
        }

        foreach (var replication in status.Replications)
        {
            var lag = replication.LagSeconds is { } seconds ? $"lag {TimeSpan.FromSeconds(seconds):g}" : "lag unknown";
            text.Append(CultureInfo.InvariantCulture, $"replication {replication.Name}: {replication.State.Name()}, {lag}{(replication.Lagging ? " (LAGGING)" : string.Empty)}\n");
        }

        if (status.Writers is { } writers)
        {
            // Container names, paths and mountpoints come from the nodes: escaped, one line each.
            text.Append(CultureInfo.InvariantCulture, $"writers    {Escape.Terminal(writers.Describe())}\n");
            foreach (var finding in writers.Findings)
            {
                text.Append(CultureInfo.InvariantCulture, $"WRITER     {Escape.Terminal(finding.Detail)}{(finding.Action is { } action ? $" ({Escape.Terminal(action)})" : string.Empty)}; {Escape.Terminal(finding.Remedy)}\n");
            }
        }

        if (status.Standby is { } standby)
        {
            text.Append(CultureInfo.InvariantCulture, $"standby    {standby.Describe()}\n");
        }

        if (status.Failover is { } failover)
        {
            // Its details come from the repository and the worker's answers: one line, escaped.
            text.Append(CultureInfo.InvariantCulture, $"failover   {Escape.Terminal(failover.Describe())}\n");
        }

        foreach (var record in status.History.Take(5))
        {
            text.Append(CultureInfo.InvariantCulture, $"history    {record.At:u} {Short(record.Commit)} {record.Result.Describe()}: {record.Summary}\n");
        }

        return text.ToString();
    }

    /// <summary>The failover line, with how to end the overlay.</summary>
    public static string FailedOver(string describe) =>
        $"{describe}: the repository is applied with this node standing in (`reconciler failover --print-patch` makes it permanent)";

    private static string Short(string? commit) => CommitId.Short(commit) ?? "-";
}
