using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Http;

namespace Reconciler.Controller.Tests;

public sealed class WebhookVerifierTests : IDisposable
{
    private const string Secret = "s3cret-webhook-key";
    private readonly string secretFile = Path.GetTempFileName();
    private readonly WebhookOptions webhooks;
    private readonly RepositoryOptions repository = new() { Url = "file:///x", Branch = "main" };

    public WebhookVerifierTests()
    {
        File.WriteAllText(secretFile, Secret + "\n");
        webhooks = new WebhookOptions { GithubSecretFile = secretFile, GiteaSecretFile = secretFile, GitlabTokenFile = secretFile, GenericSecretFile = secretFile };
    }

    private static byte[] Push(string reference) => Encoding.UTF8.GetBytes($"{{\"ref\":\"{reference}\",\"after\":\"abc\"}}");

    private static string Hmac(byte[] body, string secret = Secret) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private WebhookVerdict Verify(string provider, byte[] body, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return WebhookVerifier.Verify(provider, dictionary, body, webhooks, repository);
    }

    [Fact]
    public void Each_kind_of_sender_is_accepted_with_its_own_signature()
    {
        var body = Push("refs/heads/main");

        Assert.Equal(WebhookOutcome.Accepted, Verify("github", body, ("X-Hub-Signature-256", "sha256=" + Hmac(body))).Outcome);
        Assert.Equal(WebhookOutcome.Accepted, Verify("gitea", body, ("X-Gitea-Signature", Hmac(body))).Outcome);
        Assert.Equal(WebhookOutcome.Accepted, Verify("gitlab", body, ("X-Gitlab-Token", Secret)).Outcome);
        Assert.Equal(WebhookOutcome.Accepted, Verify("generic", body, ("X-Signature-256", "sha256=" + Hmac(body))).Outcome);
        Assert.Equal(StatusCodes.Status202Accepted, Verify("gitea", body, ("X-Gitea-Signature", Hmac(body))).Status);
    }

    [Fact]
    public void Unsigned_and_wrongly_signed_requests_are_refused()
    {
        var body = Push("refs/heads/main");

        Assert.Equal(new WebhookVerdict(401, WebhookOutcome.Unsigned, "missing X-Hub-Signature-256"), Verify("github", body));
        Assert.Equal(403, Verify("github", body, ("X-Hub-Signature-256", "sha256=" + Hmac(body, "other"))).Status);
        Assert.Equal(403, Verify("gitlab", body, ("X-Gitlab-Token", "guess")).Status);
        Assert.Equal(403, Verify("gitea", Push("refs/heads/evil"), ("X-Gitea-Signature", Hmac(body))).Status);
    }

    [Fact]
    public void A_push_to_another_branch_or_a_non_push_starts_nothing()
    {
        var other = Push("refs/heads/feature");
        var ping = Encoding.UTF8.GetBytes("{\"zen\":\"hi\"}");

        var verdict = Verify("gitea", other, ("X-Gitea-Signature", Hmac(other)));
        Assert.Equal(new WebhookVerdict(422, WebhookOutcome.OtherRef, "push to refs/heads/feature; this controller follows refs/heads/main"), verdict);
        Assert.Equal(WebhookOutcome.NotAPush, Verify("gitea", ping, ("X-Gitea-Signature", Hmac(ping))).Outcome);
    }

    [Fact]
    public void A_kind_without_a_secret_is_not_served()
    {
        webhooks.GithubSecretFile = null;

        Assert.Equal(404, Verify("github", Push("refs/heads/main")).Status);
    }

    [Fact]
    public void A_gitlab_token_must_match_exactly_not_ignoring_case() =>
        Assert.Equal(WebhookOutcome.BadSignature, Verify("gitlab", Push("refs/heads/main"), ("X-Gitlab-Token", Secret.ToUpperInvariant())).Outcome);

    [Fact]
    public void A_secret_file_with_only_whitespace_or_a_short_secret_accepts_nothing()
    {
        var body = Push("refs/heads/main");
        foreach (var weak in new[] { " \n\t\n", "short" })
        {
            File.WriteAllText(secretFile, weak);

            var verdict = Verify("github", body, ("X-Hub-Signature-256", "sha256=" + Hmac(body, weak.Trim())));

            Assert.Equal((503, WebhookOutcome.NotConfigured), (verdict.Status, verdict.Outcome));
        }
    }

    public void Dispose() => File.Delete(secretFile);
}
