using System.Text.Json;
using Reconciler.Core.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Deployment;
using Reconciler.Controller.Loop;
using Reconciler.Controller.Metrics;
using Reconciler.Controller.Notifications;
using Reconciler.Controller.Ports;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.Source;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Git;
using Reconciler.Storage.Nodes;
using Reconciler.Swarm.Engine;

namespace Reconciler.Controller.Http;

/// <summary>
/// Composes `reconciler run`: options (validated at start), the git mirror, the Docker client,
/// the reconcile loop, notifications, and an HTTP listener with /healthz, /readyz, /status,
/// /metrics, the status page, webhooks and loopback-only control.
/// </summary>
public static class ControllerHost
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { ControllerJson.Enums },
        TypeInfoResolver = ControllerJson.Default,
    };

    public static WebApplication Build(ConfigFile config)
    {
        var options = config.Options;

        // History, the mirror and the ssh control sockets: nobody else may read or reach them.
        PrivateDirectory.Ensure(options.StateDir, allowLink: true);

        // The default content root is the working directory ("/" under systemd), and the default
        // configuration files reload on change: the controller then watched the whole file system
        // (~48,000 inotify watches, CPU on every write on the host) for files it never reads.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Host.UseSystemd();
        builder.WebHost.UseUrls(options.Listen);
        ControllerLogging.Configure(builder.Logging, options.Log);
        builder.Services.AddOptions<ControllerOptions>().Configure(options.CopyTo).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>>(config);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new StatusBoard(Source(options).Describe()));
        builder.Services.AddSingleton<ControllerMetrics>();
        builder.Services.AddSingleton<CycleTrigger>();
        builder.Services.AddSingleton(_ => RepositoryMirror.Open(Path.Combine(options.StateDir, "mirror"), Source(options)));
        builder.Services.AddSingleton<Docker.DotNet.IDockerClient>(_ =>
            DockerEndpoint.Connect(DockerEndpoint.Resolve(options.DockerHost, Environment.GetEnvironmentVariable)));
        builder.Services.AddSingleton(new SshOptions(options.Nodes.SshKeyFile, options.Nodes.KnownHostsFile)
        {
            ControlDirectory = SshOptions.ControlDirectoryIn(options.StateDir),
        });
        builder.Services.AddSingleton(services => new Notifier(
            options.Notifications, new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, services.GetRequiredService<ILogger<Notifier>>()));
        builder.Services.AddSingleton(new StateStore(options.StateDir));
        builder.Services.AddSingleton(new Suspension(options.StateDir));
        builder.Services.AddSingleton<CycleReporter>();
        builder.Services.AddSingleton<ClusterNodes>();
        builder.Services.AddSingleton<ICluster, LiveCluster>();
        builder.Services.AddSingleton<IStandby>(services => new WorkerStandby(
            options, File.ReadAllText(config.Path), services.GetRequiredService<Docker.DotNet.IDockerClient>(), services.GetRequiredService<ClusterNodes>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IFailoverReadiness>(services => new WorkerReadiness(
            options.Standby, services.GetRequiredService<Docker.DotNet.IDockerClient>(), services.GetRequiredService<ClusterNodes>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IWriterObserver>(services => new EngineWriterObserver(
            services.GetRequiredService<Docker.DotNet.IDockerClient>(), services.GetRequiredService<ClusterNodes>(), options.Standby.WorkerDockerHost));
        builder.Services.AddSingleton<IDesiredStateSource>(services => new MirrorSource(
            services.GetRequiredService<RepositoryMirror>(), options.Repository, options.Secrets.AgeKeyFile is { } ageKey ? Secrets.AgeKeys.Load(ageKey) : null));
        builder.Services.AddSingleton(services => new ReconcileCycle(
            options,
            services.GetRequiredService<IDesiredStateSource>(),
            services.GetRequiredService<ICluster>(),
            services.GetRequiredService<IStandby>(),
            services.GetRequiredService<IFailoverReadiness>(),
            services.GetRequiredService<IWriterObserver>(),
            services.GetRequiredService<StateStore>(),
            services.GetRequiredService<Suspension>(),
            services.GetRequiredService<CycleReporter>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<ControllerService>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Webhooks.MaxBodyBytes);

        var app = builder.Build();
        Map(app, options);
        return app;
    }

    public static GitSource Source(ControllerOptions options) => new(
        options.Repository.Url.StartsWith('/') ? "file://" + options.Repository.Url : options.Repository.Url,
        options.Repository.Branch, options.Repository.Tag, options.Repository.Commit)
    {
        TokenFile = options.Repository.Credentials.TokenFile,
        TokenVariable = options.Repository.Credentials.TokenEnv,
        SshKeyFile = options.Repository.Credentials.SshKeyFile,
        KnownHostsFile = options.Repository.Credentials.KnownHostsFile,
    };

    private static void Map(WebApplication app, ControllerOptions options)
    {
        var status = app.Services.GetRequiredService<StatusBoard>();
        var metrics = app.Services.GetRequiredService<ControllerMetrics>();
        var trigger = app.Services.GetRequiredService<CycleTrigger>();
        var suspension = app.Services.GetRequiredService<Suspension>();

        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => status.Current.Ready ? Results.Text("ready\n") : Results.Text("not ready: the first cycle has not finished\n", statusCode: 503));
        app.MapGet("/status", () => Results.Json(status.Current, Json.Info<ControllerStatus>()));
        app.MapGet("/", () => Results.Content(StatusPage.Render(status.Current), "text/html; charset=utf-8"));
        app.MapMetrics("/metrics", metrics.Registry);

        app.MapPost("/hooks/{provider}", async (string provider, HttpRequest request) =>
        {
            if (request.ContentLength > options.Webhooks.MaxBodyBytes)
            {
                metrics.Webhooks.WithLabels(WebhookOutcome.TooLarge.Name()).Inc();
                return Results.Text($"the body is larger than {options.Webhooks.MaxBodyBytes} bytes\n", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            byte[] body;
            try
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                metrics.Webhooks.WithLabels(WebhookOutcome.TooLarge.Name()).Inc();
                return Results.Text($"the body is larger than {options.Webhooks.MaxBodyBytes} bytes\n", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var verdict = WebhookVerifier.Verify(provider, request.Headers, body, options.Webhooks, options.Repository);
            metrics.Webhooks.WithLabels(verdict.Outcome.Name()).Inc();
            if (verdict.Outcome == WebhookOutcome.Accepted)
            {
                trigger.Request($"webhook from {provider}");
            }

            return Results.Text(verdict.Message + "\n", statusCode: verdict.Status);
        });

        // Control is for the operator on this machine only (`reconciler suspend|resume|sync`, as root).
        var token = ControlGuard.CreateToken(options.StateDir);
        app.MapPost("/control/{action}", (string action, HttpContext context) =>
        {
            if (ControlGuard.Refusal(context.Connection.RemoteIpAddress, context.Request.Headers, token) is { } refusal)
            {
                return Results.Text(refusal.Message + "\n", statusCode: refusal.Status);
            }

            switch (action)
            {
                case "suspend":
                    suspension.Suspend();
                    status.Update(s => s with { Suspended = true });
                    return Results.Text("suspended: observing and reporting, changing nothing\n");
                case "resume":
                    suspension.Resume();
                    status.Update(s => s with { Suspended = false });
                    trigger.Request("resume");
                    return Results.Text("resumed: a cycle starts now\n");
                case "sync":
                    return Results.Text(trigger.Request("sync") ? "a cycle starts now\n" : "a cycle is already waiting to start\n");
                default:
                    return Results.Text($"unknown action {action}: suspend, resume or sync\n", statusCode: StatusCodes.Status404NotFound);
            }
        });
    }
}
