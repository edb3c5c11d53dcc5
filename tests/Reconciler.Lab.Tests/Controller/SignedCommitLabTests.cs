using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Lab.Tests.Controller;
using Reconciler.Tests.Shared;

namespace Reconciler.Lab.Tests;

/// <summary>
/// `repository.verify` on the lab: the controller deploys a commit signed by a trusted key and
/// rejects unsigned and untrusted ones with the cluster left exactly as it was.
/// </summary>
public sealed class SignedCommitLabTests
{
    [LabFact]
    public async Task Only_commits_signed_by_a_trusted_key_are_deployed()
    {
        using var keys = new SigningKeys();
        var alice = keys.SshKey("alice");
        var mallory = keys.SshKey("mallory");
        await using var lab = new ControllerLab();
        var stack = lab.Name("signed");
        lab.Stack(stack, ControllerLabTests.Web("one"));
        var first = lab.PushSigned("signed by alice", alice);
        await lab.StartAsync(repository: $", verify: {{keys: {keys.AllowedSigners("alice@example.org", alice)}, mode: all}}");

        var applied = await lab.WaitForAsync(s => s.LastGood == first);
        Assert.Equal(StackSync.InSync, Assert.Single(applied.Stacks).State);

        // An unsigned commit is rejected like an invalid one: nothing applied, notified, counted.
        lab.Stack(stack, ControllerLabTests.Web("unsigned"));
        var unsigned = lab.Push("not signed");
        await lab.SyncAsync();
        var rejected = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == unsigned);
        Assert.Equal(ApplyResult.Rejected, rejected.History[0].Result);
        Assert.Contains($"commit {unsigned[..12]}: not signed", rejected.History[0].Summary, StringComparison.Ordinal);
        Assert.Equal(first, rejected.LastGood);

        // A key that is not in the file is named by its fingerprint.
        lab.Stack(stack, ControllerLabTests.Web("mallory"));
        var untrusted = lab.PushSigned("signed by mallory", mallory);
        await lab.SyncAsync();
        var refused = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == untrusted);
        Assert.Equal(ApplyResult.Rejected, refused.History[0].Result);
        Assert.Contains("signed by an OpenSSH key ED25519 key SHA256:", refused.History[0].Summary, StringComparison.Ordinal);

        // mode: all: a trusted tip does not carry the untrusted commits below it.
        lab.Stack(stack, ControllerLabTests.Web("alice-again"));
        var tip = lab.PushSigned("signed by alice on top", alice);
        await lab.SyncAsync();
        var carried = await lab.WaitForAsync(s => s.History.FirstOrDefault()?.Commit == tip);
        Assert.Equal(ApplyResult.Rejected, carried.History[0].Result);
        Assert.Contains($"commit {untrusted[..12]}: signed by an OpenSSH key", carried.History[0].Summary, StringComparison.Ordinal);

        Assert.Equal("one", await ControllerLabTests.MarkerAsync(stack));
        Assert.Equal(first, (await lab.StatusAsync()).LastGood);
        Assert.Contains("reconciler_commits_rejected_total{reason=\"signature\"} 3", await lab.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        await ControllerLabTests.WaitUntil(() => lab.Notifications.Events.Contains("rejected"));
    }
}
