using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Reconciler.Lab.Tests.Controller;

/// <summary>A local HTTP endpoint that records the JSON notifications the controller sends.</summary>
internal sealed class NotificationSink : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public NotificationSink()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        listener.Prefixes.Add(Url);
        listener.Start();
        serving = ServeAsync();
    }

    public string Url { get; }

    public ConcurrentQueue<JsonNode> Received { get; } = new();

    public IEnumerable<string> Events => Received.Select(n => n["event"]!.GetValue<string>());

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                Received.Enqueue(JsonNode.Parse(await reader.ReadToEndAsync())!);
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Close after Stop registers the prefix again and can fail to bind a
        // port another test took in the meantime ("Address already in use").
        listener.Close();
        await serving;
    }
}
