using System.Globalization;
using Reconciler.Cli.Commands;
using Reconciler.Core.Diff;
using Reconciler.Core.Providers;
using Reconciler.Core.Resources;

namespace Reconciler.Cli.Tests;

/// <summary>apply prints deploy events as the lines people (and the lab tests and demo) read.</summary>
public sealed class TerminalProgressTests
{
    [Fact]
    public void A_failed_deploy_and_its_rollback_read_line_by_line()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var output = new StringWriter();
            var progress = new TerminalProgress(output);
            var key = new ResourceKey("service", "web_app");

            progress.Report(new DeployEvent.Applying(ChangeAction.Create, new ResourceKey("path", "/srv/a", "atlas")));
            progress.Report(new DeployEvent.Applying(ChangeAction.Update, key));
            progress.Report(new DeployEvent.Verifying(2));
            progress.Report(new DeployEvent.ServiceVerified("api_app", true, "1/1 tasks running"));
            progress.Report(new DeployEvent.ServiceVerified("web_app", false, "failed: 2 tasks failed, the last with: exit 1"));
            progress.Report(new DeployEvent.Verified(false, TimeSpan.FromSeconds(9)));
            progress.Report(new DeployEvent.RollingBack(["web"], "900dc0ffee900dc0ffee"));
            progress.Report(new DeployEvent.Verified(true, TimeSpan.FromSeconds(3.25)));

            Assert.Equal(
                """
                applying create path /srv/a on atlas
                applying update service web_app
                verifying 2 service(s) converge...
                  ok   api_app: 1/1 tasks running
                  FAIL web_app: failed: 2 tasks failed, the last with: exit 1
                not converged
                rolling back web to the last good commit 900dc0ffee90
                converged in 3.3s

                """.ReplaceLineEndings(output.NewLine),
                output.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(NoRollbackReason.NotACommit, "rollback unavailable: the repository is not a git work tree, so there is no last good commit")]
    [InlineData(NoRollbackReason.NoLastGoodCommit, "rollback unavailable: no earlier apply converged, so there is no last good commit")]
    public void Why_there_is_no_rollback_is_said(NoRollbackReason reason, string line)
    {
        var output = new StringWriter();

        new TerminalProgress(output).Report(new DeployEvent.RollbackUnavailable(reason));

        Assert.Equal(line + output.NewLine, output.ToString());
    }

    [Fact]
    public void A_refused_storage_change_says_nothing_after_it_was_applied()
    {
        var output = new StringWriter();
        var progress = new TerminalProgress(output);

        progress.Report(new DeployEvent.ApplyFailed(new ResourceKey("dataset", "tank/db", "atlas"), "atlas: zfs create tank/db: out of space"));
        progress.Report(new DeployEvent.Stopped("storage"));

        Assert.Equal(
            $"  FAIL atlas: zfs create tank/db: out of space{output.NewLine}  nothing after it was applied; storage changes are never rolled back{output.NewLine}",
            output.ToString());
    }
}
