using FluentValidation;
using Reconciler.Controller.Notifications;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Controller.Configuration;

/// <summary>What a configuration must satisfy before the controller starts.</summary>
public sealed class ControllerOptionsValidator : AbstractValidator<ControllerOptions>
{
    public static readonly string[] Events = Enum.GetValues<NotificationEvent>().Select(e => e.Name()).ToArray();

    public ControllerOptionsValidator()
    {
        RuleFor(o => o.Repository.Url).NotEmpty().WithMessage("set the repository's URL (file://, https:// or ssh://)")
            .Must(url => url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal)
                || url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("ssh://", StringComparison.Ordinal) || url.StartsWith('/'))
            .When(o => o.Repository.Url.Length > 0)
            .WithMessage("must be a file://, https:// or ssh:// URL (or an absolute path)");
        RuleFor(o => o.Repository.Url)
            .Must(url => !Git.RemoteUrl.Parse(url).HasCredentials).When(o => o.Repository.Url.StartsWith("http://", StringComparison.Ordinal))
            .WithMessage("credentials in a plain http:// URL would travel in clear text: use https://");
        RuleFor(o => o.Repository).Must(r => !r.Url.StartsWith("http://", StringComparison.Ordinal) || (r.Credentials.TokenFile is null && r.Credentials.TokenEnv is null))
            .WithName("repository.credentials").WithMessage("a token sent to a plain http:// URL would travel in clear text: use https://");
        RuleFor(o => o.Repository).Must(r => new[] { r.Branch, r.Tag, r.Commit }.Count(v => v is not null) <= 1)
            .WithName("repository").WithMessage("set at most one of branch, tag and commit");
        RuleFor(o => o.Repository.PollInterval).Must(v => v is { IsValid: true } && v.Value >= TimeSpan.FromSeconds(5))
            .WithMessage("must be a duration of at least 5s, like 60s or 5m");
        RuleFor(o => o.Repository.Credentials.TokenFile).Must(File.Exists).When(o => o.Repository.Credentials.TokenFile is not null)
            .WithMessage(o => $"the file {o.Repository.Credentials.TokenFile} does not exist");
        RuleFor(o => o.Repository.Credentials.SshKeyFile).Must(File.Exists).When(o => o.Repository.Credentials.SshKeyFile is not null)
            .WithMessage(o => $"the file {o.Repository.Credentials.SshKeyFile} does not exist");
        RuleFor(o => o.Repository.Credentials.KnownHostsFile).Must(File.Exists).When(o => o.Repository.Credentials.KnownHostsFile is not null)
            .WithMessage(o => $"the file {o.Repository.Credentials.KnownHostsFile} does not exist");
        RuleFor(o => o.Repository.Verify!.Keys).Must(Loads).When(o => o.Repository.Verify is not null)
            .WithName("repository.verify.keys").WithMessage(o => $"'{o.Repository.Verify!.Keys}' is not a readable OpenSSH allowed-signers file or OpenPGP keyring");
        RuleFor(o => o.Repository.Verify!.Mode).Must(m => m is "tip" or "all").When(o => o.Repository.Verify is not null)
            .WithName("repository.verify.mode").WithMessage("must be tip or all");
        RuleFor(o => o.Secrets.AgeKeyFile).Custom((file, context) =>
        {
            try
            {
                if (file is not null)
                {
                    Secrets.AgeKeys.Load(file).Dispose();
                }
            }
            catch (Core.Secrets.SopsException e)
            {
                context.AddFailure("secrets.ageKeyFile", e.Message);
            }
        });
        RuleFor(o => o.StateDir).NotEmpty().Must(p => Path.IsPathRooted(p)).WithMessage("must be an absolute directory");
        RuleFor(o => o.Listen).Must(l => Uri.TryCreate(l, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage("must be an http:// URL such as http://127.0.0.1:9090");
        RuleFor(o => o.Webhooks.MaxBodyBytes).InclusiveBetween(1024, 64L * 1024 * 1024);
        foreach (var (file, name) in new (Func<ControllerOptions, string?>, string)[]
                 {
                     (o => o.Webhooks.GithubSecretFile, "webhooks.githubSecretFile"), (o => o.Webhooks.GiteaSecretFile, "webhooks.giteaSecretFile"),
                     (o => o.Webhooks.GitlabTokenFile, "webhooks.gitlabTokenFile"), (o => o.Webhooks.GenericSecretFile, "webhooks.genericSecretFile"),
                 })
        {
            RuleFor(o => file(o)).Must(f => Http.WebhookVerifier.ReadSecret(f!) is not null).When(o => file(o) is not null)
                .WithName(name).WithMessage(o => $"the file {file(o)} does not exist or holds fewer than {Http.WebhookVerifier.MinimumSecretLength} characters (whitespace does not count)");
        }

        RuleFor(o => o.Standby.WorkerStateDir).NotEmpty().Must(p => Path.IsPathRooted(p)).WithMessage("must be an absolute directory");
        RuleFor(o => o.Standby.CheckEvery).Must(v => v is { IsValid: true } && v.Value >= TimeSpan.FromMinutes(1))
            .WithMessage("must be a duration of at least 1m, like 5m or 1h");
        RuleFor(o => o.Standby.WorkerReconciler).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("must name the command, like reconciler or /usr/local/bin/reconciler");
        RuleFor(o => o.Log.Format).Must(f => f is LogOptions.Text or LogOptions.Json).WithMessage($"must be {LogOptions.Text} or {LogOptions.Json}");
        RuleForEach(o => o.Notifications).ChildRules(target =>
        {
            target.RuleFor(t => t.Type).Must(t => t is "webhook" or "ntfy" or "slack").WithMessage("must be webhook, ntfy or slack");
            target.RuleFor(t => t.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                .WithMessage("must be an http(s) URL");
            target.RuleForEach(t => t.Events).Must(e => Events.Contains(e)).WithMessage($"must be one of {string.Join(", ", Events)}");
        });
    }

    private static bool Loads(string keys)
    {
        try
        {
            Git.Signatures.TrustedKeys.Load(keys);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
