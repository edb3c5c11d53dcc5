using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Notifications;

namespace Reconciler.Controller.Loop;

/// <summary>
/// The long-running controller: a cycle at start, then one per poll interval or trigger, one at
/// a time. SIGTERM cancels the current step: fetch and observation stop at once; an apply in
/// progress is abandoned unrecorded, so the next start re-plans from the cluster as it is.
/// </summary>
public sealed class ControllerService(
    IOptions<ControllerOptions> options,
    ReconcileCycle cycle,
    CycleReporter reporter,
    CycleTrigger trigger,
    Notifier notifier,
    TimeProvider time,
    ILogger<ControllerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.Repository.PollInterval.Value;
        var deliveries = notifier.DeliverAsync(stoppingToken);
        var reason = "start";
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                CycleLog.CycleStarted(logger, reason);
                try
                {
                    reporter.Report(await cycle.RunAsync(stoppingToken).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug or an unexpected failure: say so and carry on at the next interval, never crash-loop.
                    reporter.Report(e);
                }

                reason = await trigger.WaitAsync(poll, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            CycleLog.Stopping(logger);
        }

        await deliveries.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
