using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reconciler.Controller.Http;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.Status;

namespace Reconciler.Cli.Commands;

/// <summary>
/// Keeps a controller running here from acting while a restore changes a dataset under it. The
/// restore's record in the state directory suspends the controller from its next cycle on; this
/// waits until the controller reports a cycle that started suspended (asking for one at once when
/// the control token can be read), so no cycle that began before the record still changes things.
/// </summary>
internal sealed class ControllerPause(HttpClient http, string? token, TimeSpan timeout, TimeProvider time)
{
    /// <summary>What happened: no controller answers, it is suspended, or it did not suspend in time (with what to do).</summary>
    public sealed record Outcome(bool Paused, string Note);

    public async Task<Outcome> WaitSuspendedAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var asked = false;
        while (true)
        {
            if (await StatusAsync(cancellationToken).ConfigureAwait(false) is not { } status)
            {
                return new(true, $"no controller answers at {http.BaseAddress}");
            }

            if (status.Suspended)
            {
                return new(true, $"the controller at {http.BaseAddress} is suspended until the restore is finished");
            }

            if (time.GetUtcNow() - started >= timeout)
            {
                return new(false, $"the controller at {http.BaseAddress} did not suspend within {Core.Model.Duration.Format(timeout)} (does it use another state directory?); "
                    + $"run `reconciler suspend --url {http.BaseAddress}` and the restore again, and `reconciler resume` after it");
            }

            if (!asked)
            {
                asked = true;
                await PostAsync("sync", cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks for a cycle now that the restore is done, so the controller reports it without waiting for its poll.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) => PostAsync("sync", cancellationToken);

    private async Task<ControllerStatus?> StatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetFromJsonAsync("/status", ControllerHost.Json.Info<ControllerStatus>(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Nothing (or nothing like a controller) listens there: there is no cycle to wait for.
            return null;
        }
    }

    /// <summary>A control request, when the token allows it; without one the controller's own poll does the same, later.</summary>
    private async Task PostAsync(string action, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/control/{action}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The controller went away in between: its next start reads the state directory anyway.
        }
    }
}
