using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Reconciler.Controller.Configuration;

namespace Reconciler.Controller.Http;

/// <summary>
/// Checks a push webhook: signed with the configured secret (GitHub X-Hub-Signature-256,
/// Gitea/Forgejo X-Gitea-Signature, GitLab X-Gitlab-Token, generic X-Signature-256), a push
/// event, and for the tracked branch or tag. Comparisons are exact and constant-time.
/// </summary>
public static class WebhookVerifier
{
    /// <summary>Shorter secrets (surrounding whitespace does not count) are refused: an empty one would be an HMAC key anyone can sign with.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The secret in a file, without surrounding whitespace, or null when it is too short to protect anything.</summary>
    public static string? ReadSecret(string file) =>
        File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= MinimumSecretLength } secret ? secret : null;

    public static WebhookVerdict Verify(string provider, IHeaderDictionary headers, byte[] body, WebhookOptions webhooks, RepositoryOptions repository)
    {
        var secretFile = provider switch
        {
            "github" => webhooks.GithubSecretFile,
            "gitea" => webhooks.GiteaSecretFile,
            "gitlab" => webhooks.GitlabTokenFile,
            "generic" => webhooks.GenericSecretFile,
            _ => null,
        };
        if (secretFile is null)
        {
            return new(StatusCodes.Status404NotFound, WebhookOutcome.NotConfigured, $"no {provider} webhook is configured");
        }

        if (ReadSecret(secretFile) is not { } secret)
        {
            return new(StatusCodes.Status503ServiceUnavailable, WebhookOutcome.NotConfigured, $"the {provider} secret is missing or shorter than {MinimumSecretLength} characters; nothing is accepted");
        }

        var (header, signed) = provider switch
        {
            "github" => ("X-Hub-Signature-256", Matches(headers["X-Hub-Signature-256"], "sha256=" + Hmac(secret, body))),
            "gitea" => ("X-Gitea-Signature", Matches(headers["X-Gitea-Signature"], Hmac(secret, body))),
            "gitlab" => ("X-Gitlab-Token", Matches(headers["X-Gitlab-Token"], secret)),
            _ => ("X-Signature-256", Matches(headers["X-Signature-256"], "sha256=" + Hmac(secret, body))),
        };
        if (string.IsNullOrEmpty(headers[header]))
        {
            return new(StatusCodes.Status401Unauthorized, WebhookOutcome.Unsigned, $"missing {header}");
        }

        if (!signed)
        {
            return new(StatusCodes.Status403Forbidden, WebhookOutcome.BadSignature, $"{header} does not match the configured secret");
        }

        var reference = PushedRef(body);
        var tracked = repository.Tag is { } tag ? $"refs/tags/{tag}" : repository.Commit is null ? $"refs/heads/{repository.Branch ?? "main"}" : null;
        if (reference is null)
        {
            return new(StatusCodes.Status422UnprocessableEntity, WebhookOutcome.NotAPush, "the body is not a push event (no \"ref\")");
        }

        return reference == tracked
            ? new(StatusCodes.Status202Accepted, WebhookOutcome.Accepted, $"push to {reference}: a cycle starts now")
            : new(StatusCodes.Status422UnprocessableEntity, WebhookOutcome.OtherRef, $"push to {reference}; this controller follows {tracked ?? "a pinned commit"}");
    }

    private static string Hmac(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool Matches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string? PushedRef(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("ref", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The HTTP status to answer, the outcome label for metrics, and a message for the sender.</summary>
public sealed record WebhookVerdict(int Status, WebhookOutcome Outcome, string Message);

/// <summary>What became of a webhook request, as counted in reconciler_webhook_requests_total{outcome} (named by StateNames).</summary>
public enum WebhookOutcome
{
    Accepted,
    NotConfigured,
    Unsigned,
    BadSignature,
    NotAPush,
    OtherRef,
    TooLarge,
}
