using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reconciler.Controller.Notifications;

/// <summary>The body posted to a Slack incoming webhook.</summary>
internal sealed record SlackMessage(string Text);

/// <summary>The body posted to a generic webhook target.</summary>
internal sealed record WebhookMessage(string Event, string Title, string Message, string? Commit, DateTimeOffset At);

/// <summary>Generated at build time, with the web defaults (camelCase) that JsonContent uses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(WebhookMessage))]
internal sealed partial class NotificationJson : JsonSerializerContext;
