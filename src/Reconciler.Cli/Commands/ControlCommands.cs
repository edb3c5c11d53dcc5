using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Reconciler.Controller.Http;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.Serialization;
using Reconciler.Controller.Status;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler status|suspend|resume|sync</c>: talk to a running controller over its (loopback) HTTP listener.</summary>
public static class ControlCommands
{
    internal static Option<Uri> Url() => new("--url")
    {
        Description = "The controller's listen address. Default: $RECONCILER_URL, else http://127.0.0.1:9090.",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("RECONCILER_URL") ?? "http://127.0.0.1:9090"),

        // System.CommandLine has no parser for Uri: without this, any --url was refused.
        CustomParser = argument =>
        {
            var text = argument.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return uri;
            }

            argument.AddError($"--url: '{text}' is not an absolute URL such as http://127.0.0.1:9090");
            return null;
        },
    };

    public static IEnumerable<Command> Create(Terminal terminal)
    {
        yield return Status(terminal);
        yield return Control(terminal, "suspend", "Maintenance window: keep observing and reporting, change nothing (survives restarts) until `resume`.");
        yield return Control(terminal, "resume", "End a maintenance window and start a cycle now.");
        yield return Control(terminal, "sync", "Start a cycle now (fetch, apply or heal, replicate) instead of waiting for the poll interval.");
    }

    private static Command Status(Terminal terminal)
    {
        var url = Url();
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (the same as GET /status)." };
        var stateDir = CommonOptions.StateDir();
        var command = new Command("status",
            "What the running controller follows and where the cluster stands: tracked ref and tip, applied and\n"
            + "last good commit, current phase, each stack (in-sync, drifted, failed, with why), each replication's\n"
            + "lag, how fresh the standby on the worker is, who writes each dataset, and recent applies. Exit code 0\n"
            + "when all is in sync; 1 when anything drifted, failed or lags, or a dataset has a second writer. On the\n"
            + "worker, where no controller runs, it shows the standby it holds (exit code 0 when intact).")
        {
            url, json, stateDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = result.GetValue(url), Timeout = TimeSpan.FromSeconds(10) };
            ControllerStatus? status;
            try
            {
                status = await http.GetFromJsonAsync("/status", ControllerHost.Json.Info<ControllerStatus>(), cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                // No controller here: on the worker, the standby it holds is what there is to report.
                var directory = result.GetValue(stateDir)!.FullName;
                if (await LocalStandby.WorkerViewAsync(directory, cancellationToken) is { } standby)
                {
                    var failedOver = LocalStandby.FailedOver(directory);
                    terminal.Output.Write(result.GetValue(json)
                        ? JsonSerializer.Serialize(new WorkerStandbyStatus(failedOver, standby), ControllerHost.Json.Info<WorkerStandbyStatus>()) + "\n"
                        : (failedOver is null ? string.Empty : $"FAILOVER   {StatusText.FailedOver(failedOver)}\n")
                            + $"controller not running here ({e.Message})\nstandby    {standby.Describe()}\n");
                    return standby.Fresh ? 0 : 1;
                }

                terminal.Error.WriteLine($"reconciler: cannot reach the controller at {result.GetValue(url)}: {e.Message}");
                return 1;
            }

            if (status is null)
            {
                return 1;
            }

            status = status with { Standby = status.Standby ?? LocalStandby.ManagerView(result.GetValue(stateDir)!.FullName, status.LastGood) };

            terminal.Output.Write(result.GetValue(json) ? JsonSerializer.Serialize(status, ControllerHost.Json.Info<ControllerStatus>()) + "\n" : StatusText.Render(status));
            var healthy = status.LastError is null && status.Stacks.All(s => s.State == StackSync.InSync) && status.Replications.All(r => r.Healthy)
                && status.Writers?.Findings.Any() != true;
            return healthy ? 0 : 1;
        });
        return command;
    }

    private static Command Control(Terminal terminal, string action, string description)
    {
        var url = Url();
        var stateDir = CommonOptions.StateDir();
        var command = new Command(action, description + "\nIt needs the controller's token in --state-dir (readable by root only).") { url, stateDir };
        command.SetAction(async (result, cancellationToken) =>
        {
            var directory = result.GetValue(stateDir)!.FullName;
            if (ControlGuard.ReadToken(directory) is not { } token)
            {
                terminal.Error.WriteLine($"reconciler: error: no controller token in {directory} ({ControlGuard.TokenFile}); is the controller running with this state directory, and are you root?");
                return 1;
            }

            using var http = new HttpClient { BaseAddress = result.GetValue(url), Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/control/{action}");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellationToken);
                terminal.Output.Write(await response.Content.ReadAsStringAsync(cancellationToken));
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                terminal.Error.WriteLine($"reconciler: cannot reach the controller at {result.GetValue(url)}: {e.Message}");
                return 1;
            }
            catch (UnauthorizedAccessException e)
            {
                terminal.Error.WriteLine($"reconciler: error: cannot read the controller's token: {e.Message} (run it as root)");
                return 1;
            }
        });
        return command;
    }
}
