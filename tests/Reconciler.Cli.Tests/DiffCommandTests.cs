namespace Reconciler.Cli.Tests;

/// <summary>`reconciler diff BASE HEAD` on real git repositories: no cluster involved.</summary>
public sealed class DiffCommandTests : SampleRepositoryHistory
{
    [Fact]
    public void Same_commit_has_no_changes()
    {
        var run = CliRun.Of("diff", "HEAD", "HEAD", Deploy);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("No changes.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scaled_service_shows_as_a_field_update()
    {
        Edit("deploy/stacks/whoami/compose.yaml", "replicas: 2", "replicas: 3");
        Commit("scale whoami");

        var run = Diff(1);

        AssertChanges(run, "~ service whoami_web  (stack whoami)", "Mode.Replicated.Replicas: 2 -> 3");
    }

    [Fact]
    public void A_stack_that_left_the_repository_is_an_orphan_unless_the_cluster_prunes()
    {
        Directory.Delete(Path.Combine(Deploy, "stacks", "vaultwarden"), recursive: true);
        Edit("deploy/storage/vaultwarden.yaml", "  writer: vaultwarden/server\n", string.Empty);
        Commit("retire vaultwarden");

        var orphaned = Diff(1, "markdown");

        Assert.True(orphaned.ExitCode == 0, orphaned.Error + orphaned.Output);
        Assert.Contains("**Orphans** (left alone):", orphaned.Output, StringComparison.Ordinal);
        Assert.Contains("- service vaultwarden\\_server (stack vaultwarden)", orphaned.Output, StringComparison.Ordinal);

        Edit("deploy/cluster/cluster.yaml", "  policy:", "  prune: true\n  policy:");
        Commit("let the cluster prune");

        var pruned = Diff(2, "markdown");

        AssertChanges(pruned, "| `-` | `service vaultwarden_server` | `stack vaultwarden` |", "| `-` | `secret vaultwarden_admin_token-");
        Assert.DoesNotContain("replace-me-with-a-real-token", pruned.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_head_is_refused_with_its_diagnostics()
    {
        Edit("deploy/storage/vaultwarden.yaml", "mode: \"0750\"", "mode: 0750");
        Commit("break the mode");

        var run = Diff(1);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("storage/vaultwarden.yaml:13:9: error RC104", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_file_fails_the_diff_instead_of_dropping_the_secret()
    {
        File.Delete(Path.Combine(Deploy, "stacks", "vaultwarden", "secrets", "admin_token"));
        Commit("lose the secret");

        var run = Diff(1);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stacks/vaultwarden/compose.yaml:54:11: error RC310: secret 'admin_token'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_ref_is_a_clear_error()
    {
        var run = CliRun.Of("diff", "no-such-branch", "HEAD", Deploy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'no-such-branch' is not a commit, branch or tag", run.Error, StringComparison.Ordinal);
    }
}
