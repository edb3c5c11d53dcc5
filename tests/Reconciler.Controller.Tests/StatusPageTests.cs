using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Tests;

public sealed class StatusPageTests
{
    [Fact]
    public void The_page_shows_commits_stacks_replications_and_history_escaped()
    {
        var status = ControllerStatus.Starting("branch main") with
        {
            Phase = "idle",
            Applied = "0123456789abcdef",
            Stacks = [new StackState("web", StackSync.Drifted, "update service web_<script>")],
            Replications = [new ReplicationView("vw-to-hermes", ReplicationState.UpToDate, 125, false, true, "up to date")],
            History = [new ApplyRecord("0123456789abcdef", DateTimeOffset.UnixEpoch, ApplyResult.RolledBack, "1 updated", ["web"])],
        };

        var html = StatusPage.Render(status);

        Assert.Contains("<td id=\"applied\"><code>0123456789ab</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("update service web_&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"rolled-back\">rolled back</td>", html, StringComparison.Ordinal);
        Assert.Contains("0.00:02:05", html, StringComparison.Ordinal);
    }
}
