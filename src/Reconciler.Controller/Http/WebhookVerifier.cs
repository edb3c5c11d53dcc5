using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Reconciler.Controller.Configuration;

namespace Reconciler.Controller.Http;

/// <summary>
/// Checks a push webhook: signed with the configured secret (GitHub X-Hub-Signature-256,
/// Gitea/Forgejo X-Gitea-Signature, GitLab X-Gitlab-Token, generic X-Signature-256), a push
/// event, and for the tracked branch or tag. Comparisons are constant-time.
/// </summary>
public static class WebhookVerifier
{
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
            return new(StatusCodes.Status404NotFound, "not-configured", $"no {provider} webhook is configured");
        }

        var secret = File.ReadAllText(secretFile).Trim();
        var (header, signed) = provider switch
        {
            "github" => ("X-Hub-Signature-256", Matches(headers["X-Hub-Signature-256"], "sha256=" + Hmac(secret, body))),
            "gitea" => ("X-Gitea-Signature", Matches(headers["X-Gitea-Signature"], Hmac(secret, body))),
            "gitlab" => ("X-Gitlab-Token", Matches(headers["X-Gitlab-Token"], secret)),
            _ => ("X-Signature-256", Matches(headers["X-Signature-256"], "sha256=" + Hmac(secret, body))),
        };
        if (string.IsNullOrEmpty(headers[header]))
        {
            return new(StatusCodes.Status401Unauthorized, "unsigned", $"missing {header}");
        }

        if (!signed)
        {
            return new(StatusCodes.Status403Forbidden, "bad-signature", $"{header} does not match the configured secret");
        }

        var reference = PushedRef(body);
        var tracked = repository.Tag is { } tag ? $"refs/tags/{tag}" : repository.Commit is null ? $"refs/heads/{repository.Branch ?? "main"}" : null;
        if (reference is null)
        {
            return new(StatusCodes.Status422UnprocessableEntity, "not-a-push", "the body is not a push event (no \"ref\")");
        }

        return reference == tracked
            ? new(StatusCodes.Status202Accepted, "accepted", $"push to {reference}: a cycle starts now")
            : new(StatusCodes.Status422UnprocessableEntity, "other-ref", $"push to {reference}; this controller follows {tracked ?? "a pinned commit"}");
    }

    private static string Hmac(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool Matches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Trim().ToLowerInvariant()), Encoding.UTF8.GetBytes(expected.ToLowerInvariant()));

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
public sealed record WebhookVerdict(int Status, string Outcome, string Message);
