using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Http;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler run --config FILE</c>: the long-running controller.</summary>
public static class RunCommand
{
    public const string DefaultConfig = "/etc/reconciler/config.yaml";

    public static Command Create(Terminal terminal)
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = $"The controller's YAML configuration (every field: deploy/config.example.yaml). Default: {DefaultConfig}.",
            DefaultValueFactory = _ => new FileInfo(DefaultConfig),
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "text: one readable line per entry; json: one JSON object per line, for journald and log shippers. Default: log.format in the configuration, else text.",
        };
        logFormat.AcceptOnlyFromAmong(LogOptions.Text, LogOptions.Json);
        var command = new Command("run",
            "Run the controller: follow a branch (or tag, or commit) of a remote repository, apply each new\n"
            + "commit (validate, plan, apply, verify, roll back, record), keep the cluster on it (self-heal),\n"
            + "take snapshots and replicate, and serve /status, /metrics, a status page and webhooks.\n"
            + "It runs as root on the Swarm manager (it needs the Docker socket and zfs). SIGTERM stops it\n"
            + "cleanly. Control it with `reconciler status|suspend|resume|sync`.\n\n"
            + "Examples:\n"
            + "  reconciler run --config /etc/reconciler/config.yaml\n"
            + "  reconciler run --log-format json      # for a log shipper\n"
            + "  systemctl start reconciler      # deploy/reconciler.service")
        {
            config,
            logFormat,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = ConfigFile.Load(result.GetValue(config)!.FullName, result.GetValue(logFormat));
            if (file.Errors.Count > 0)
            {
                foreach (var error in file.Errors)
                {
                    terminal.Error.WriteLine(error);
                }

                terminal.Error.WriteLine("reconciler: the configuration is not valid; not starting");
                return 1;
            }

            try
            {
                await using var app = ControllerHost.Build(file);
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (OptionsValidationException e)
            {
                terminal.Error.WriteLine($"reconciler: the configuration is not valid: {string.Join("; ", e.Failures)}");
                return 1;
            }
            catch (IOException e)
            {
                terminal.Error.WriteLine($"reconciler: cannot start: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
