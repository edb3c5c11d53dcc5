using System.Diagnostics;
using Reconciler.Git;
using Reconciler.Storage.Cycle;
using Reconciler.Lab.Tests.Controller;

namespace Reconciler.Lab.Tests;

/// <summary>What people see of a running controller: the status page in a real browser, replication in /status and /metrics; and a remote over ssh.</summary>
public sealed class ControllerViewLabTests
{
    [LabFact]
    public async Task The_status_page_shows_the_applied_commit_stacks_replication_and_history_in_a_real_browser()
    {
        await using var lab = new ControllerLab();
        var stack = lab.Name("page");
        var dataset = $"{Lab.ManagerPool}/{stack}";
        lab.Stack(stack, $$"""
            services:
              app:
                image: {{Lab.Image}}
                command: ["sleep", "86400"]
                deploy:
                  replicas: 1
                  placement: {constraints: ["node.hostname == {{Lab.Manager}}"]}
            """);
        lab.Write("storage.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: {{dataset}}}
            spec:
              node: {{Lab.Manager}}
              mountpoint: /srv/{{stack}}
              owner: 0
              group: 0
              mode: "0755"
              snapshots: {every: 15m, keep: "4x15m"}
            ---
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: {{stack}}-copy}
            spec: {source: {{dataset}}, target: {node: {{Lab.Worker}}, dataset: {{Lab.WorkerPool}}/{{stack}}}, every: 15m, maxLag: 30m}
            """);
        var commit = lab.Push("with storage");
        await lab.StartAsync();
        var status = await lab.WaitForAsync(s => s.LastGood == commit && s.Replications.Count == 1);

        var replication = Assert.Single(status.Replications);
        Assert.Equal(ReplicationState.Replicated, replication.State);
        Assert.False(replication.Lagging);
        var metrics = await lab.Http.GetStringAsync("/metrics");
        Assert.Contains($"reconciler_replication_healthy{{replication=\"{stack}-copy\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"reconciler_replication_lag_seconds{{replication=\"{stack}-copy\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"reconciler_applied_commit_info{{commit=\"{commit}\"}} 1", metrics, StringComparison.Ordinal);

        var page = await BrowseAsync($"http://127.0.0.1:{lab.Port}/");

        Assert.Contains($"<td id=\"applied\"><code>{commit[..12]}</code></td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{stack}</td><td class=\"in-sync\">in-sync</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{stack}-copy</td><td class=\"replicated\">replicated</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"converged\">converged</td>", page, StringComparison.Ordinal);
    }

    [LabFact]
    public async Task The_mirror_fetches_over_ssh_with_a_key_and_strict_host_keys()
    {
        await using var lab = new ControllerLab();
        lab.Stack(lab.Name("ssh"), "services: {}\n");
        var commit = lab.Push("over ssh");
        var remote = $"/srv/git-{Path.GetFileName(lab.Root)}.git";
        await Storage.LabShell.OnAsync(Lab.Worker, "git", "init", "-q", "--bare", remote);
        var url = $"ssh://{Lab.WorkerAddress}{remote}";
        Environment.SetEnvironmentVariable("GIT_SSH_COMMAND", $"ssh -i {Lab.SshKey} -o UserKnownHostsFile={Lab.KnownHosts} -o BatchMode=yes");
        try
        {
            ControllerLab.Git(lab.Work, "push", "-q", url, "main");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_SSH_COMMAND", null);
        }

        using var mirror = RepositoryMirror.Open(Path.Combine(lab.Root, "ssh-mirror"), new GitSource(url, "main", null, null)
        {
            SshKeyFile = Lab.SshKey,
            KnownHostsFile = Lab.KnownHosts,
        });
        Assert.Equal(commit, mirror.Fetch());

        var emptyKnownHosts = Path.Combine(lab.Root, "empty_known_hosts");
        await File.WriteAllTextAsync(emptyKnownHosts, string.Empty);
        using var strict = RepositoryMirror.Open(Path.Combine(lab.Root, "strict-mirror"), new GitSource(url, "main", null, null)
        {
            SshKeyFile = Lab.SshKey,
            KnownHostsFile = emptyKnownHosts,
        });
        Assert.StartsWith("cannot fetch ssh://", Assert.Throws<GitSourceException>(strict.Fetch).Message, StringComparison.Ordinal);
    }

    /// <summary>The DOM headless Chromium renders for a URL (no sandbox: the tests run as root).</summary>
    private static async Task<string> BrowseAsync(string url)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(Path.GetTempPath(), "chromium-" + Guid.NewGuid().ToString("N"))}", "--dump-dom", url })
        {
            start.ArgumentList.Add(argument);
        }

        using var browser = Process.Start(start)!;
        var dom = browser.StandardOutput.ReadToEndAsync();
        var errors = browser.StandardError.ReadToEndAsync();
        await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(browser.ExitCode == 0, await errors);
        return await dom;
    }
}
