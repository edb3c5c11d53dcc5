using Reconciler.Core.Model;

namespace Reconciler.Controller.Configuration;

/// <summary>
/// The controller's configuration (a YAML file, see deploy/config.example.yaml). Every field has
/// a safe default except the repository URL. Secrets are never in this file: it names files or
/// environment variables that hold them.
/// </summary>
public sealed class ControllerOptions
{
    public RepositoryOptions Repository { get; set; } = new();

    /// <summary>Mirror of the repository, state.json (history, last good commit), the suspended flag.</summary>
    public string StateDir { get; set; } = State.StateStore.DefaultDirectory;

    /// <summary>The Docker Engine endpoint; default DOCKER_HOST, else the local socket.</summary>
    public string? DockerHost { get; set; }

    /// <summary>HTTP listener for status, metrics, webhooks and control. Loopback unless you put a proxy in front.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:9090";

    /// <summary>Correct drift (changes made outside git) on every cycle; when false it is only reported.</summary>
    public bool SelfHeal { get; set; } = true;

    public NodeAccessOptions Nodes { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public List<NotificationTarget> Notifications { get; set; } = [];

    public LogOptions Log { get; set; } = new();

    public StandbyOptions Standby { get; set; } = new();

    public SecretsOptions Secrets { get; set; } = new();

    public void CopyTo(ControllerOptions target)
    {
        target.Repository = Repository;
        target.StateDir = StateDir;
        target.DockerHost = DockerHost;
        target.Listen = Listen;
        target.SelfHeal = SelfHeal;
        target.Nodes = Nodes;
        target.Webhooks = Webhooks;
        target.Notifications = Notifications;
        target.Log = Log;
        target.Standby = Standby;
        target.Secrets = Secrets;
    }
}

public sealed class SecretsOptions
{
    /// <summary>The age identity file (AGE-SECRET-KEY-1…, root only) that decrypts the repository's SOPS files; unset: a commit with one is rejected.</summary>
    public string? AgeKeyFile { get; set; }
}

public sealed class RepositoryOptions
{
    /// <summary>file://, https:// or ssh:// URL of the desired-state repository. Required.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The branch to follow (default main). Set at most one of branch, tag and commit.</summary>
    public string? Branch { get; set; }

    public string? Tag { get; set; }

    public string? Commit { get; set; }

    /// <summary>The directory inside the repository that holds the manifests.</summary>
    public string Path { get; set; } = ".";

    /// <summary>How often to fetch when no webhook arrives.</summary>
    public Written<TimeSpan> PollInterval { get; set; } = Duration.Read("60s");

    public CredentialOptions Credentials { get; set; } = new();

    /// <summary>Only deploy commits signed by a trusted key; unset: signatures are not checked.</summary>
    public VerifyOptions? Verify { get; set; }
}

/// <summary>Signed-commit verification, like Flux's: an unsigned or untrusted commit is rejected like an invalid one.</summary>
public sealed class VerifyOptions
{
    /// <summary>An OpenSSH allowed-signers file or an OpenPGP public keyring (binary or armoured), told apart by content.</summary>
    public string Keys { get; set; } = string.Empty;

    /// <summary>tip: the commit being deployed must be signed; all: every commit since the last good one too.</summary>
    public string Mode { get; set; } = "tip";
}

public sealed class CredentialOptions
{
    /// <summary>HTTPS: a file holding an access token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>HTTPS: an environment variable holding an access token.</summary>
    public string? TokenEnv { get; set; }

    /// <summary>SSH: the private key file.</summary>
    public string? SshKeyFile { get; set; }

    /// <summary>SSH: known_hosts with the git server's host key (checked strictly).</summary>
    public string? KnownHostsFile { get; set; }
}

/// <summary>How the controller reaches Cluster nodes whose address is an ssh destination (storage work).</summary>
public sealed class NodeAccessOptions
{
    public string? SshKeyFile { get; set; }

    public string? KnownHostsFile { get; set; }
}

public sealed class WebhookOptions
{
    /// <summary>GitHub: the webhook secret (X-Hub-Signature-256).</summary>
    public string? GithubSecretFile { get; set; }

    /// <summary>Gitea and Forgejo: the webhook secret (X-Gitea-Signature).</summary>
    public string? GiteaSecretFile { get; set; }

    /// <summary>GitLab: the secret token (X-Gitlab-Token).</summary>
    public string? GitlabTokenFile { get; set; }

    /// <summary>Anything else: HMAC-SHA256 of the body in X-Signature-256 (sha256=HEX).</summary>
    public string? GenericSecretFile { get; set; }

    /// <summary>Larger bodies are refused (413) before they are read.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>How the controller writes its log (stdout, which journald keeps).</summary>
public sealed class LogOptions
{
    public const string Text = "text";

    public const string Json = "json";

    /// <summary>text: one readable line per entry; json: one JSON object per line, for log shippers. `reconciler run --log-format` overrides it.</summary>
    public string Format { get; set; } = Text;
}

public sealed class NotificationTarget
{
    /// <summary>webhook (generic JSON), ntfy or slack (Slack-compatible incoming webhook, e.g. Mattermost).</summary>
    public string Type { get; set; } = "webhook";

    public string Url { get; set; } = string.Empty;

    /// <summary>Which events to send; empty means all (applied, rolled-back, failed, drift-corrected, rejected, replication, fenced, writers, rebalanced).</summary>
    public List<string> Events { get; set; } = [];
}

/// <summary>The copy of what a failover needs, kept on the worker after every successful apply.</summary>
public sealed class StandbyOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The state directory on the worker: the standby goes to its standby/ (0700, files 0600).</summary>
    public string WorkerStateDir { get; set; } = State.StateStore.DefaultDirectory;

    /// <summary>How often at most to check that the worker could take over (as `reconciler check failover` does; it asks the worker for its images and runs its reconciler), besides after each standby refresh.</summary>
    public Written<TimeSpan> CheckEvery { get; set; } = Duration.Read("5m");

    /// <summary>How reconciler is run on the worker, split at spaces: the check runs it there.</summary>
    public string WorkerReconciler { get; set; } = "reconciler";

    /// <summary>The worker's Docker Engine as its docker CLI is told (-H), by the failover check and the writer check; default its DOCKER_HOST or local socket.</summary>
    public string? WorkerDockerHost { get; set; }
}
