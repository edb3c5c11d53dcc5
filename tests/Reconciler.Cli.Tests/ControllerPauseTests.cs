using System.Net;
using System.Text.Json;
using Reconciler.Cli.Commands;
using Reconciler.Controller.Http;
using Reconciler.Controller.Status;

namespace Reconciler.Cli.Tests;

/// <summary>A restore waits until a controller here reports a cycle that started suspended; with no controller, there is nothing to wait for.</summary>
public sealed class ControllerPauseTests
{
    [Fact]
    public async Task With_no_controller_listening_the_restore_goes_on()
    {
        using var http = new HttpClient(new Controller(_ => throw new HttpRequestException("Connection refused"))) { BaseAddress = new Uri("http://127.0.0.1:9090") };

        var outcome = await new ControllerPause(http, "token", TimeSpan.FromMinutes(1), TimeProvider.System).WaitSuspendedAsync(CancellationToken.None);

        Assert.Equal(new ControllerPause.Outcome(true, "no controller answers at http://127.0.0.1:9090/"), outcome);
    }

    [Fact]
    public async Task A_running_controller_is_asked_for_a_cycle_and_waited_for_until_it_is_suspended()
    {
        var statuses = new Queue<bool>([false, false, true]);
        var handler = new Controller(path => path == "/status" ? Status(statuses.Dequeue()) : new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:9090") };

        var outcome = await new ControllerPause(http, "token", TimeSpan.FromMinutes(1), TimeProvider.System).WaitSuspendedAsync(CancellationToken.None);

        Assert.True(outcome.Paused);
        Assert.Equal("the controller at http://127.0.0.1:9090/ is suspended until the restore is finished", outcome.Note);
        Assert.Equal(["GET /status", "POST /control/sync Bearer token", "GET /status", "GET /status"], handler.Requests);
    }

    [Fact]
    public async Task A_controller_that_does_not_suspend_in_time_is_refused_with_what_to_run_and_without_a_token_it_is_not_asked()
    {
        var handler = new Controller(_ => Status(false));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:9090") };

        var outcome = await new ControllerPause(http, null, TimeSpan.Zero, TimeProvider.System).WaitSuspendedAsync(CancellationToken.None);

        Assert.False(outcome.Paused);
        Assert.Contains("did not suspend within 0s (does it use another state directory?); run `reconciler suspend --url http://127.0.0.1:9090/`", outcome.Note, StringComparison.Ordinal);
        Assert.Equal(["GET /status"], handler.Requests);
    }

    private static HttpResponseMessage Status(bool suspended) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(ControllerStatus.Starting("main") with { Suspended = suspended }, ControllerHost.Json)),
    };

    /// <summary>A controller's HTTP side, answering each request by its path, and what it was asked.</summary>
    private sealed class Controller(Func<string, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}{(request.Headers.Authorization is { } auth ? $" {auth.Scheme} {auth.Parameter}" : string.Empty)}");
            return Task.FromResult(answer(request.RequestUri.AbsolutePath));
        }
    }
}
