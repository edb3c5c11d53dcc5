using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Http;
using Reconciler.Controller.Status;
using Reconciler.Lab.Tests.Storage;
using Reconciler.Tests.Shared;

namespace Reconciler.Lab.Tests.Controller;

/// <summary>
/// A controller on the lab's manager following a real bare repository (file://) that the test
/// pushes to with the git CLI, with its own state directory, port and stack names; it receives
/// notifications on a local listener. Dispose stops it and removes its stacks.
/// </summary>
internal sealed class ControllerLab : IAsyncDisposable
{
    public const string WebhookSecret = "lab-webhook-secret";
    private readonly List<string> stacks = [];
    private WebApplication? app;
    private Process? process;

    public ControllerLab()
    {
        Git(Root, "init", "-q", "--bare", Remote);
        Git(Root, "init", "-q", "-b", "main", Work);
        File.WriteAllText(Path.Combine(Root, "webhook-secret"), WebhookSecret);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Notifications = new NotificationSink();
        Write("cluster.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes:
                - {name: {{Lab.Manager}}, role: manager, address: local}
                - {name: {{Lab.Worker}}, role: worker, address: "{{Lab.WorkerAddress}}"}
            """);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("reconciler-controller-").FullName;

    public string Remote => Path.Combine(Root, "remote.git");

    public string Work => Path.Combine(Root, "work");

    public string StateDir => Path.Combine(Root, "state");

    /// <summary>The worker's state directory, in its private /srv, where the controller keeps the standby.</summary>
    public string WorkerStateDir => $"/srv/{Path.GetFileName(Root)}-worker";

    public int Port { get; } = FreePort();

    public HttpClient Http { get; }

    public NotificationSink Notifications { get; }

    /// <summary>A stack name unique to this test: Docker names stay short and valid.</summary>
    public string Name(string purpose)
    {
        var name = $"c{Path.GetFileName(Root)[^6..].ToLowerInvariant()}{purpose}";
        stacks.Add(name);
        return name;
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Stack(string name, string compose, bool rebalance = false)
    {
        Write($"stacks/{name}/stack.yaml", $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: {name}}}\nspec: {{compose: compose.yaml{(rebalance ? ", rebalance: true" : string.Empty)}}}\n");
        Write($"stacks/{name}/compose.yaml", compose);
    }

    /// <summary>Two sleeping replicas that Swarm spreads over the nodes, with `rebalance: true` so the controller spreads them again after a node returns.</summary>
    public void SpreadStack(string name) => Stack(name, $$"""
        services:
          app:
            image: {{Lab.Image}}
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            deploy: {replicas: 2}
        """, rebalance: true);

    /// <summary>Commits everything in the work tree and pushes it; returns the commit.</summary>
    public string Push(string message)
    {
        Git(Work, "add", "-A");
        Git(Work, "commit", "-q", "-m", message);
        Git(Work, "push", "-q", "--force", Remote, "main");
        return Git(Work, "rev-parse", "HEAD");
    }

    /// <summary>Commits everything signed with an OpenSSH key (as <c>git commit -S</c> with gpg.format=ssh) and pushes it.</summary>
    public string PushSigned(string message, string key)
    {
        Git(Work, "add", "-A");
        Git(Work, "-c", "gpg.format=ssh", "-c", $"user.signingkey={key}.pub", "commit", "-S", "-q", "-m", message);
        Git(Work, "push", "-q", "--force", Remote, "main");
        return Git(Work, "rev-parse", "HEAD");
    }

    public string Revert(string commit)
    {
        Git(Work, "revert", "--no-edit", commit);
        Git(Work, "push", "-q", Remote, "main");
        return Git(Work, "rev-parse", "HEAD");
    }

    /// <param name="standby">More fields of standby:, each starting with ", ".</param>
    public string ConfigPath(string extra = "", string? dockerHost = null, string repository = "", string standby = "")
    {
        var path = Path.Combine(Root, "config.yaml");
        File.WriteAllText(path, $"""
            repository: {"{"}url: "file://{Remote}", branch: main, pollInterval: 5s{repository}{"}"}
            stateDir: {StateDir}
            dockerHost: {dockerHost ?? Lab.DockerHost}
            listen: http://127.0.0.1:{Port}
            nodes: {"{"}sshKeyFile: {Lab.SshKey}, knownHostsFile: {Lab.KnownHosts}{"}"}
            webhooks: {"{"}giteaSecretFile: {Path.Combine(Root, "webhook-secret")}{"}"}
            standby: {"{"}workerStateDir: {WorkerStateDir}{standby}{"}"}
            notifications:
              - {"{"}type: webhook, url: "{Notifications.Url}"{"}"}
            {extra}
            """);
        return path;
    }

    /// <summary>Starts the controller in this process (the test process runs on atlas, as the controller would).</summary>
    public async Task StartAsync(string extra = "", string? dockerHost = null, string repository = "", string standby = "")
    {
        var config = ConfigFile.Load(ConfigPath(extra, dockerHost, repository, standby));
        Assert.Empty(config.Errors);
        app = ControllerHost.Build(config);
        await app.StartAsync();
    }

    /// <summary>Starts `reconciler run` as a separate process, for tests that kill it.</summary>
    public void StartProcess()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "reconciler.dll"), "run", "--config", ConfigPath() })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public void Kill()
    {
        process!.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    public async Task<ControllerStatus> StatusAsync() =>
        (await Http.GetFromJsonAsync<ControllerStatus>("/status", ControllerHost.Json))!;

    /// <summary>Polls /status until the condition holds; fails with the last status otherwise.</summary>
    public async Task<ControllerStatus> WaitForAsync(Func<ControllerStatus, bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        ControllerStatus? last = null;
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)))
        {
            try
            {
                last = await StatusAsync();
                if (condition(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (a process that is still starting).
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the controller did not get there; last status: " + System.Text.Json.JsonSerializer.Serialize(last, ControllerHost.Json));
    }

    public Task<HttpResponseMessage> SyncAsync() => ControlAsync("sync");

    /// <summary>POST /control/ACTION as `reconciler ACTION` does: with the token the controller left in its state directory.</summary>
    public async Task<HttpResponseMessage> ControlAsync(string action)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/control/{action}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Reconciler.Controller.Http.ControlGuard.ReadToken(StateDir));
        return await Http.SendAsync(request);
    }

    /// <summary>A Gitea push webhook for the tracked branch, signed with the configured secret.</summary>
    public Task<HttpResponseMessage> WebhookAsync(string reference = "refs/heads/main", string secret = WebhookSecret)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"ref\":\"{reference}\"}}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/gitea") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Gitea-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (process is not null)
        {
            Kill();
        }

        Http.Dispose();
        await Notifications.DisposeAsync();
        using (var docker = Lab.Connect())
        {
            await LabCleanup.RemoveStacksAsync(docker, stacks);
        }

        await LabShell.OnAsync(Lab.Worker, "rm", "-rf", WorkerStateDir);

        Directory.Delete(Root, recursive: true);
    }

    public static string Git(string directory, params string[] arguments) => GitCli.Run(directory, arguments);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
