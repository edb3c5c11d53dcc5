using Reconciler.Tests.Shared;

namespace Reconciler.Cli.Tests;

/// <summary>
/// `apply --verify-keys` decides before the cluster is contacted: the Docker endpoint here is a
/// socket that does not exist, so getting as far as Docker proves the signature gate let it through.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ApplySignatureTests : IDisposable
{
    private const string NoDocker = "unix:///nonexistent/reconciler-test.sock";
    private readonly SigningKeys keys = new();
    private readonly DemoAgeKey ageKey = new();
    private readonly string stateDir = Directory.CreateTempSubdirectory("reconciler-state-").FullName;
    private readonly string deploy;

    public ApplySignatureTests()
    {
        deploy = Path.Combine(keys.Repository, "deploy");
        SampleRepositoryHistory.CopyDirectory(RepositoryRoot.Combine("sample-repo"), deploy);
    }

    [Fact]
    public void An_unsigned_commit_is_refused_before_the_cluster_is_contacted()
    {
        var alice = keys.SshKey("alice");
        var commit = keys.CommitUnsigned("unsigned deploy");

        var run = Apply(keys.AllowedSigners("alice@example.org", alice));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"reconciler: error: not applying: commit {commit[..12]}: not signed", run.Error.Trim());
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void A_commit_signed_by_a_trusted_key_goes_on_to_the_cluster()
    {
        var alice = keys.SshKey("alice");
        var commit = keys.CommitSshSigned("signed deploy", alice);

        var run = Apply(keys.AllowedSigners("alice@example.org", alice));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"reconciler: commit {commit[..12]}: signed by alice@example.org (ED25519 key SHA256:", run.Error, StringComparison.Ordinal);
        Assert.Contains("nonexistent/reconciler-test.sock", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Uncommitted_changes_cannot_be_verified_and_are_refused()
    {
        var alice = keys.SshKey("alice");
        keys.CommitSshSigned("signed deploy", alice);
        File.AppendAllText(Path.Combine(deploy, "cluster", "cluster.yaml"), "# an edit nobody signed\n");

        var run = Apply(keys.AllowedSigners("alice@example.org", alice));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--verify-keys needs a clean git work tree", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        keys.Dispose();
        ageKey.Dispose();
        Directory.Delete(stateDir, recursive: true);
    }

    private CliRun Apply(string keyFile) =>
        CliRun.Of("apply", "--yes", "--verify-keys", keyFile, "--age-key", ageKey.File, "--state-dir", stateDir, "--docker-host", NoDocker, deploy);
}
