using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Text;
using Reconciler.Storage.Cycle;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler replicate [PATH]</c>: one storage cycle — snapshots due, replication, retention — and each replication's lag.</summary>
public static class ReplicateCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = CommonOptions.Path();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for scripts and monitoring)." };
        var access = new NodeAccess();
        var command = new Command("replicate",
            "Run one storage cycle on the nodes: take each Dataset's snapshot when it is due (<prefix>_<UTC time>),\n"
            + "send new snapshots to each Replication's target (full first, then incremental; received unmounted),\n"
            + "prune snapshots by the retention grids (only reconciler's own; never the newest or the base the\n"
            + "next incremental needs), and report each replication's state and lag (now minus the newest\n"
            + "snapshot on the target). A diverged target is never overwritten unless the spec says force: true.\n"
            + "Exit code 0: every replication up to date and within maxLag; 1: otherwise, or on an error.\n\n"
            + "Examples:\n"
            + "  reconciler replicate .                         # from cron or a systemd timer, every few minutes\n"
            + "  reconciler replicate --ssh-key /root/.ssh/reconciler --known-hosts /etc/reconciler/known_hosts .\n"
            + "  reconciler replicate --state-dir /var/lib/reconciler-test .  # the ssh connections it shares live there")
        {
            path, json,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ValidRepository.Load(terminal, result.GetValue(path)!, "replicated") is not { Report: var report })
            {
                return 1;
            }

            var cycle = new StorageCycle(access.Nodes(result, report.State.Cluster), TimeProvider.System);
            var outcome = await cycle.RunAsync(report.State, cancellationToken);
            terminal.Output.Write(result.GetValue(json) ? Json(outcome) : Text(terminal, outcome));
            return outcome.Healthy ? 0 : 1;
        });
        return command;
    }

    private static string Text(Terminal terminal, CycleReport report)
    {
        var text = new System.Text.StringBuilder();
        foreach (var snapshot in report.Taken)
        {
            text.Append(CultureInfo.InvariantCulture, $"snapshot  {snapshot}\n");
        }

        foreach (var snapshot in report.Pruned)
        {
            text.Append(CultureInfo.InvariantCulture, $"pruned    {snapshot}\n");
        }

        foreach (var replication in report.Replications)
        {
            var state = replication.State.Name();
            var healthy = replication.Healthy;
            var lag = replication.Lag is { } value ? $"lag {Describe(value)}{(replication.Lagging ? " (LAGGING)" : string.Empty)}" : "lag unknown (no snapshot on the target)";
            text.Append(CultureInfo.InvariantCulture, $"{terminal.Paint(healthy ? "ok  " : "FAIL", healthy ? "32" : "31")} {replication.Name}: {state}, {lag}: {replication.Detail}\n");
        }

        foreach (var error in report.Errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"error: {error}\n");
        }

        return text.ToString();
    }

    private static string Json(CycleReport report) => new JsonObject
    {
        ["taken"] = new JsonArray(report.Taken.Select(t => (JsonNode)t).ToArray()),
        ["pruned"] = new JsonArray(report.Pruned.Select(p => (JsonNode)p).ToArray()),
        ["replications"] = new JsonArray(report.Replications.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["state"] = r.State.Name(),
            ["lagSeconds"] = r.Lag is { } lag ? (long)lag.TotalSeconds : null,
            ["lagging"] = r.Lagging,
            ["detail"] = r.Detail,
        }).ToArray()),
        ["errors"] = new JsonArray(report.Errors.Select(e => (JsonNode)e).ToArray()),
        ["healthy"] = report.Healthy,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static string Describe(TimeSpan lag) =>
        lag.TotalHours >= 1 ? $"{(int)lag.TotalHours}h{lag.Minutes:00}m" : $"{lag.Minutes}m{lag.Seconds:00}s";
}
