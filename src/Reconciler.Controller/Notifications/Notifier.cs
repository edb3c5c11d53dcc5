using System.Net.Http.Json;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Reconciler.Core.Text;
using Polly.Retry;
using Reconciler.Controller.Configuration;

namespace Reconciler.Controller.Notifications;

/// <summary>
/// Delivers notifications in the background: reconciliation only enqueues (never waits), a
/// bounded queue drops the oldest when a target is down for long, and each delivery is retried
/// with backoff. Formats: generic JSON webhook, ntfy, Slack-compatible.
/// </summary>
public sealed class Notifier(IReadOnlyList<NotificationTarget> targets, HttpClient http, ILogger<Notifier> logger)
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TaskCanceledException>(),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    private readonly Channel<Notification> queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Notify(Notification notification)
    {
        if (targets.Count > 0)
        {
            queue.Writer.TryWrite(notification);
        }
    }

    /// <summary>Runs until <paramref name="stopping"/>; started by the controller service.</summary>
    public async Task DeliverAsync(CancellationToken stopping)
    {
        await foreach (var notification in queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            foreach (var target in targets.Where(t => t.Events.Count == 0 || t.Events.Contains(notification.Event.Name())))
            {
                try
                {
                    await Retry.ExecuteAsync(async token => await SendAsync(target, notification, token).ConfigureAwait(false), stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
                {
                    Log.NotDelivered(logger, notification.Event.Name(), target.Type, e.Message);
                }
            }
        }
    }

    private async Task SendAsync(NotificationTarget target, Notification notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = Body(target.Type, notification) };
        if (target.Type == "ntfy")
        {
            request.Headers.Add("Title", notification.Title);
            request.Headers.Add("Tags", notification.Event.Name());
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public static HttpContent Body(string type, Notification notification) => type switch
    {
        "ntfy" => new StringContent(notification.Message, Encoding.UTF8, "text/plain"),
        "slack" => JsonContent.Create(new SlackMessage($"*{notification.Title}*\n{notification.Message}"), NotificationJson.Default.SlackMessage),
        _ => JsonContent.Create(
            new WebhookMessage(notification.Event.Name(), notification.Title, notification.Message, notification.Commit, notification.At),
            NotificationJson.Default.WebhookMessage),
    };
}
