using Reconciler.Controller.Loop;

namespace Reconciler.Controller.Tests;

public sealed class CycleTriggerTests
{
    [Fact]
    public async Task A_flood_of_requests_becomes_one_waiting_cycle()
    {
        var trigger = new CycleTrigger();

        var queued = Enumerable.Range(0, 500).Count(i => trigger.Request($"webhook {i}"));

        Assert.Equal(1, queued);
        Assert.Equal("webhook 0", await trigger.WaitAsync(TimeSpan.FromHours(1), TimeProvider.System, CancellationToken.None));
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal("poll", await trigger.WaitAsync(TimeSpan.FromMilliseconds(50), TimeProvider.System, quick.Token));
    }

    [Fact]
    public async Task Stopping_ends_the_wait()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CycleTrigger().WaitAsync(TimeSpan.FromHours(1), TimeProvider.System, stop.Token));
    }
}
