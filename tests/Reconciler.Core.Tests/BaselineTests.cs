namespace Reconciler.Core.Tests;

public sealed class BaselineTests
{
    [Fact]
    public void The_test_baseline_is_valid_with_no_warnings()
    {
        var report = new TestRepository().Validate();

        Assert.Empty(report.Diagnostics);
        Assert.True(report.IsValid);
        Assert.NotNull(report.State.Cluster);
        Assert.Equal(2, report.State.Cluster!.Nodes.Count);
        Assert.Equal(["db", "web"], report.State.Compose["app"].Services.Select(s => s.Name));
    }
}
