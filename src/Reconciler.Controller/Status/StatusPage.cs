using System.Globalization;
using System.Net;
using System.Text;
using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Controller.Status;

/// <summary>The status page at /: server-rendered HTML, no scripts, refreshes itself every 10 s.</summary>
public static class StatusPage
{
    public static string Render(ControllerStatus status)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .Append("<title>reconciler</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}")
            .Append("table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}")
            .Append(".in-sync,.up-to-date,.replicated,.converged,.no-changes{color:#176f2c}.drifted,.lagging{color:#9a6700}")
            .Append(".failed,.diverged,.rejected,.rolled-back,.error,.not-ready{color:#b3261e}.ready{color:#176f2c}</style></head><body>");
        html.Append("<h1>reconciler</h1>");
        if (status.Fenced is { } fenced)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"failed\" id=\"fenced\"><b>Fenced:</b> {E(fenced)}. Nothing is applied here until <code>reconciler guard --release</code>.</p>");
        }

        if (status.FailedOver is { } failedOver)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"failed\" id=\"failed-over\"><b>Failover:</b> {E(failedOver)}. The repository is applied with this node standing in until the repository says so or a failback ends it.</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">Following <b>{E(status.Tracking)}</b>. Phase: <b id=\"phase\">{E(status.Phase)}</b>")
            .Append(status.Suspended ? " &mdash; <b class=\"drifted\">suspended</b> (observing only)" : string.Empty).Append("</p>");
        html.Append("<table id=\"commits\"><tr><th>Tip</th><th>Applied</th><th>Last good</th><th>Last cycle</th></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>{Commit(status.Tip)}</td><td id=\"applied\">{Commit(status.Applied)}</td><td>{Commit(status.LastGood)}</td><td>{status.LastCycle?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}</td></tr></table>");
        if (status.LastError is { } error)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" id=\"error\">Last error: {E(error)}</p>");
        }

        html.Append("<h2>Stacks</h2><table id=\"stacks\"><tr><th>Stack</th><th>State</th><th>Why</th></tr>");
        foreach (var stack in status.Stacks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(stack.Name)}</td><td class=\"{stack.State.Name()}\">{stack.State.Name()}</td><td>{E(stack.Reason)}</td></tr>");
        }

        html.Append("</table><h2>Nodes</h2><table id=\"nodes\"><tr><th>Node</th><th>Role</th><th>State</th><th>Availability</th></tr>");
        foreach (var node in status.Nodes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(node.Name)}</td><td>{E(node.Role)}</td><td class=\"{(node.Up ? "ready" : "not-ready")}\">{E(node.State)}</td><td>{E(node.Availability)}</td></tr>");
        }

        html.Append("</table><h2>Replication</h2><table id=\"replications\"><tr><th>Replication</th><th>State</th><th>Lag</th><th>Detail</th></tr>");
        foreach (var replication in status.Replications)
        {
            var lag = replication.LagSeconds is { } seconds ? TimeSpan.FromSeconds(seconds).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture) : "unknown";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(replication.Name)}</td><td class=\"{replication.State.Name()}\">{replication.State.Name()}</td><td class=\"{(replication.Lagging ? "lagging" : string.Empty)}\">{lag}</td><td>{E(replication.Detail)}</td></tr>");
        }

        html.Append("</table>");
        if (status.Writers is { } writers)
        {
            Writers(html, writers);
        }

        if (status.Failover is { } failover)
        {
            Failover(html, failover);
        }

        html.Append("<h2>History</h2><table id=\"history\"><tr><th>When</th><th>Commit</th><th>Result</th><th>Plan</th></tr>");
        foreach (var record in status.History)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{record.At.ToString("u", CultureInfo.InvariantCulture)}</td><td>{Commit(record.Commit)}</td><td class=\"{record.Result.Name()}\">{E(record.Result.Describe())}</td><td>{E(record.Summary)}</td></tr>");
        }

        return html.Append("</table><p><a href=\"/status\">JSON</a> &middot; <a href=\"/metrics\">metrics</a></p></body></html>").ToString();
    }

    /// <summary>Whether the worker could take over, the RPO it would have, and each problem with what to do.</summary>
    private static void Failover(StringBuilder html, Recovery.FailoverReport failover)
    {
        var rpo = string.Join(", ", failover.RpoSeconds.Select(r => $"{r.Key} {(r.Value is { } seconds ? Duration.Format(TimeSpan.FromSeconds(seconds)) : "unknown")}"));
        html.Append(CultureInfo.InvariantCulture, $"<h2>Failover</h2><p id=\"failover\"><b class=\"{(failover.Ready ? "ready" : "not-ready")}\">{E(failover.Verdict())}</b>")
            .Append(CultureInfo.InvariantCulture, $" (checked {failover.CheckedAt.ToString("u", CultureInfo.InvariantCulture)}){(rpo.Length > 0 ? $". RPO now: {E(rpo)}" : string.Empty)}</p>");
        if (failover.Ready)
        {
            return;
        }

        html.Append("<table id=\"failover-problems\"><tr><th>Check</th><th>Subject</th><th>Problem</th><th>What to do</th></tr>");
        foreach (var problem in failover.Problems)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(problem.Check)}</td><td>{E(problem.Subject)}</td><td>{E(problem.Detail)}</td><td>{E(problem.Remedy ?? string.Empty)}</td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>Who writes each dataset, and each problem with what to do and what the guard did.</summary>
    private static void Writers(StringBuilder html, Writers.WriterReport writers)
    {
        html.Append("<h2>Writers</h2><table id=\"writers\"><tr><th>Dataset</th><th>Node</th><th>Writers</th><th>Guard</th><th>Containers</th></tr>");
        foreach (var dataset in writers.Datasets)
        {
            var count = dataset.Writers?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(dataset.Dataset)}</td><td>{E(dataset.Node)}</td><td class=\"{(dataset.Findings.Count > 0 ? "failed" : "in-sync")}\">{count}</td><td>{dataset.Guard.Name()}</td><td>{E(string.Join(", ", dataset.Containers))}</td></tr>");
        }

        html.Append("</table>");
        foreach (var error in writers.Errors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\">{E(error)}</p>");
        }

        if (!writers.Findings.Any())
        {
            return;
        }

        html.Append("<table id=\"writer-problems\"><tr><th>Dataset</th><th>Check</th><th>Subject</th><th>Problem</th><th>What to do</th><th>Guard</th></tr>");
        foreach (var finding in writers.Findings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(finding.Dataset)}</td><td>{finding.Check.Name()}</td><td>{E(finding.Subject)}</td><td class=\"failed\">{E(finding.Detail)}</td><td>{E(finding.Remedy)}</td><td>{E(finding.Action ?? "alert")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Commit(string? commit) => commit is null ? "-" : $"<code>{E(CommitId.Short(commit))}</code>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
