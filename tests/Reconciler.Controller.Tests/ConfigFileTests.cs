using Reconciler.Controller.Configuration;

namespace Reconciler.Controller.Tests;

public sealed class ConfigFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("reconciler-config-").FullName;

    private string Write(string yaml)
    {
        var path = Path.Combine(directory, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void The_example_configuration_loads_with_every_field()
    {
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../deploy/config.example.yaml"));
        foreach (var secret in new[] { "git_ed25519", "git_known_hosts", "webhook-secret" })
        {
            File.WriteAllText(Path.Combine(directory, secret), "x-long-enough-to-be-a-secret");
            example = example.Replace($"/etc/reconciler/{secret}", Path.Combine(directory, secret), StringComparison.Ordinal);
        }

        var config = ConfigFile.Load(Write(example));

        Assert.Empty(config.Errors);
        Assert.Equal("ssh://git@git.example.org/homelab/cluster.git", config.Options.Repository.Url);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Options.Repository.PollInterval.Value);
        Assert.True(config.Options.SelfHeal);
        Assert.Equal("ntfy", Assert.Single(config.Options.Notifications).Type);
    }

    [Fact]
    public void Defaults_fill_everything_but_the_url()
    {
        var config = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\n"));

        Assert.Empty(config.Errors);
        Assert.Equal("/var/lib/reconciler", config.Options.StateDir);
        Assert.Equal("http://127.0.0.1:9090", config.Options.Listen);
        Assert.Equal(".", config.Options.Repository.Path);
    }

    [Fact]
    public void A_webhook_secret_of_whitespace_or_too_short_stops_the_start()
    {
        File.WriteAllText(Path.Combine(directory, "blank"), "  \n\n");
        File.WriteAllText(Path.Combine(directory, "short"), "abc");

        var errors = ConfigFile.Load(Write($"repository: {{url: file:///srv/git/cluster.git}}\nwebhooks: {{githubSecretFile: {directory}/blank, gitlabTokenFile: {directory}/short}}\n")).Errors;

        Assert.Contains(errors, e => e.Contains("webhooks.githubSecretFile", StringComparison.Ordinal) && e.Contains("fewer than 16 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("webhooks.gitlabTokenFile", StringComparison.Ordinal) && e.Contains("fewer than 16 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_for_a_plain_http_remote_stop_the_start()
    {
        File.WriteAllText(Path.Combine(directory, "token"), "t0ken");

        var inUrl = ConfigFile.Load(Write("repository: {url: \"http://user:pw@git.example.org/x.git\"}\n")).Errors;
        var asToken = ConfigFile.Load(Write($"repository: {{url: \"http://git.example.org/x.git\", credentials: {{tokenFile: {directory}/token}}}}\n")).Errors;

        Assert.Contains(inUrl, e => e.Contains("would travel in clear text", StringComparison.Ordinal));
        Assert.Contains(asToken, e => e.Contains("would travel in clear text", StringComparison.Ordinal));
        Assert.DoesNotContain(inUrl, e => e.Contains("pw@", StringComparison.Ordinal));
    }

    [Fact]
    public void Signature_verification_needs_a_readable_keys_file_and_a_known_mode()
    {
        File.WriteAllText(Path.Combine(directory, "empty_signers"), string.Empty);
        var path = Write($"repository:\n  url: file:///srv/git/cluster.git\n  verify:\n    keys: {directory}/empty_signers\n    mode: some\n");

        var errors = ConfigFile.Load(path).Errors;

        Assert.Equal(
            [
                $"{path}:4:11: repository.verify.keys: '{directory}/empty_signers' is not a readable OpenSSH allowed-signers file or OpenPGP keyring",
                $"{path}:5:11: repository.verify.mode: must be tip or all",
            ],
            errors);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_age_key_file_others_can_read_or_that_holds_no_key_stops_the_start()
    {
        File.WriteAllText(Path.Combine(directory, "age.key"), "# created: today\n");
        File.SetUnixFileMode(Path.Combine(directory, "age.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var path = Write($"repository: {{url: file:///srv/git/cluster.git}}\nsecrets:\n  ageKeyFile: {directory}/age.key\n");
        Assert.Equal([$"{path}:3:15: secrets.ageKeyFile: age key file '{directory}/age.key' can be read or written by others (mode 604); chmod 600 it"], ConfigFile.Load(path).Errors);

        File.SetUnixFileMode(Path.Combine(directory, "age.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal([$"{path}:3:15: secrets.ageKeyFile: age key file '{directory}/age.key': it holds no age identity (AGE-SECRET-KEY-1…)"], ConfigFile.Load(path).Errors);
    }

    [Fact]
    public void Problems_name_the_file_line_and_field()
    {
        var path = Write("repository:\n  url: ftp://example.org/x\n  branch: main\n  tag: v1\n  pollInterval: 1s\n");

        var errors = ConfigFile.Load(path).Errors;

        Assert.Contains($"{path}:2:8: repository.url: must be a file://, https:// or ssh:// URL (or an absolute path)", errors);
        Assert.Contains(errors, e => e.StartsWith($"{path}:2:3: repository: set at most one of branch, tag and commit", StringComparison.Ordinal) || e.Contains("repository: set at most one", StringComparison.Ordinal));
        Assert.Contains($"{path}:5:17: repository.pollInterval: must be a duration of at least 5s, like 60s or 5m", errors);
    }

    [Fact]
    public void A_poll_interval_that_is_no_duration_is_reported_at_its_line()
    {
        var path = Write("repository:\n  url: file:///srv/git/cluster.git\n  pollInterval: soon\n");

        Assert.Equal([$"{path}:3:17: repository.pollInterval: must be a duration of at least 5s, like 60s or 5m"], ConfigFile.Load(path).Errors);
    }

    [Fact]
    public void A_poll_interval_written_as_a_number_asks_for_a_duration()
    {
        var path = Write("repository:\n  url: file:///srv/git/cluster.git\n  pollInterval: 60\n");

        Assert.Equal([$"{path}:3:3: wrong type at $.repository.pollInterval: expected a duration such as 60s or 5m"], ConfigFile.Load(path).Errors);
    }

    [Fact]
    public void The_failover_check_is_configured_beside_the_standby_with_the_defaults_of_check_failover()
    {
        var defaults = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\n")).Options.Standby;
        var set = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\nstandby: {checkEvery: 15m, workerReconciler: /opt/reconciler/reconciler --quiet, workerDockerHost: unix:///run/docker.sock}\n"));
        var path = Write("repository: {url: file:///srv/git/cluster.git}\nstandby:\n  checkEvery: 10s\n");

        Assert.Equal((TimeSpan.FromMinutes(5), "reconciler", null), (defaults.CheckEvery.Value, defaults.WorkerReconciler, defaults.WorkerDockerHost));
        Assert.Empty(set.Errors);
        Assert.Equal((TimeSpan.FromMinutes(15), "/opt/reconciler/reconciler --quiet", "unix:///run/docker.sock"),
            (set.Options.Standby.CheckEvery.Value, set.Options.Standby.WorkerReconciler, set.Options.Standby.WorkerDockerHost));
        Assert.Equal([$"{path}:3:15: standby.checkEvery: must be a duration of at least 1m, like 5m or 1h"], ConfigFile.Load(path).Errors);
    }

    [Fact]
    public void The_log_format_is_text_unless_the_file_says_json()
    {
        var text = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\n"));
        var json = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\nlog: {format: json}\n"));

        Assert.Equal(("text", "json"), (text.Options.Log.Format, json.Options.Log.Format));
        Assert.Empty(json.Errors);
    }

    [Fact]
    public void An_unknown_log_format_is_reported_at_its_line()
    {
        var path = Write("repository: {url: file:///srv/git/cluster.git}\nlog:\n  format: xml\n");

        Assert.Equal([$"{path}:3:11: log.format: must be text or json"], ConfigFile.Load(path).Errors);
    }

    [Fact]
    public void The_command_line_log_format_wins_over_the_file()
    {
        var config = ConfigFile.Load(Write("repository: {url: file:///srv/git/cluster.git}\nlog: {format: xml}\n"), logFormat: "json");

        Assert.Empty(config.Errors);
        Assert.Equal("json", config.Options.Log.Format);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_its_line()
    {
        var path = Write("repository:\n  url: file:///x\n  brnach: main\n");

        var error = Assert.Single(ConfigFile.Load(path).Errors);

        Assert.StartsWith($"{path}:3:3: unknown field 'brnach'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_says_where_the_example_is() =>
        Assert.Contains("deploy/config.example.yaml", Assert.Single(ConfigFile.Load(Path.Combine(directory, "nope.yaml")).Errors), StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
