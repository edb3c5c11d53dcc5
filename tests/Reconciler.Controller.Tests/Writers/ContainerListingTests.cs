using System.Text.Json;
using Reconciler.Controller.Writers;

namespace Reconciler.Controller.Tests.Writers;

/// <summary>Another node's containers through its docker CLI: the command, and its output as the lab's engine (20.10) writes it.</summary>
public sealed class ContainerListingTests
{
    [Fact]
    public void The_engine_and_the_format_are_arguments_never_script_text()
    {
        var command = ContainerListing.Command("unix:///run/worker.sock");

        Assert.Equal(["sh", "-c"], command.Take(2));
        Assert.Equal(["list-containers", ContainerListing.Format, "-H", "unix:///run/worker.sock"], command.Skip(3));
        Assert.DoesNotContain("worker.sock", command[2], StringComparison.Ordinal);
        Assert.Equal(["docker", "stop", "-t", "10", "abc"], ContainerListing.Stop(null, "abc"));
    }

    [Fact]
    public void Each_line_is_a_container_with_its_service_and_mounts()
    {
        var output = "\"f00d\"\t\"/db_app.1.k2\"\t{\"com.docker.swarm.service.name\":\"db_app\",\"x\":\"y\"}\t"
            + "[{\"Type\":\"bind\",\"Source\":\"/srv/data/app\",\"Destination\":\"/data\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"rprivate\"}]\n"
            + "\"beef\"\t\"/peek\"\tnull\t[{\"Type\":\"bind\",\"Source\":\"/srv/copy\\ttab\",\"Destination\":\"/x\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"}]\n"
            + "\"cafe\"\t\"/idle\"\t{}\t[]\n";

        var containers = ContainerListing.Parse("hermes", output);

        Assert.Equal(
            [
                new RunningContainer("hermes", "f00d", "db_app.1.k2", "db_app", [new ContainerMount("/srv/data/app", true)]),
                new RunningContainer("hermes", "beef", "peek", null, [new ContainerMount("/srv/copy\ttab", false)]),
                new RunningContainer("hermes", "cafe", "idle", null, []),
            ],
            containers,
            (a, b) => a.Node == b.Node && a.Id == b.Id && a.Name == b.Name && a.Service == b.Service && a.Mounts.SequenceEqual(b.Mounts));
        Assert.Empty(ContainerListing.Parse("hermes", string.Empty));
    }

    [Theory]
    [InlineData("\"f00d\"\t\"/x\"\t{}")]
    [InlineData("\"f00d\"\t\"/x\"\t{}\t[{\"Source\":\"/srv\"}]")]
    [InlineData("\"f00d\"\t42\t{}\t[]")]
    [InlineData("Error response from daemon: no such container\t\t\t")]
    public void Anything_else_is_refused(string line) =>
        Assert.ThrowsAny<JsonException>(() => ContainerListing.Parse("hermes", line));
}
