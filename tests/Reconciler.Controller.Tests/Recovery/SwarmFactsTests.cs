using Reconciler.Controller.Recovery;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class SwarmFactsTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "busybox:latest")]
    [InlineData("library/busybox:1.36", "docker.io", "busybox:1.36")]
    [InlineData("ghcr.io/acme/app:2", "ghcr.io", "ghcr.io/acme/app:2")]
    [InlineData("10.0.0.1:5000/app:1.0@sha256:aaaa", "10.0.0.1:5000", "10.0.0.1:5000/app@sha256:aaaa")]
    [InlineData("localhost/app", "localhost", "localhost/app:latest")]
    [InlineData("acme/app:2", "docker.io", "acme/app:2")]
    public void An_image_reference_names_its_registry_and_how_the_engine_lists_it(string image, string registry, string local)
    {
        var reference = ImageReference.Parse(image);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal([local], reference.LocalNames());
    }

    [Fact]
    public void The_registry_host_drops_the_port()
    {
        Assert.Equal("10.0.0.1", ImageReference.Parse("10.0.0.1:5000/app").RegistryHost);
        Assert.Equal("fd00::1", ImageReference.Parse("[fd00::1]:5000/app").RegistryHost);
    }

    [Fact]
    public void The_init_request_recreates_the_managers_swarm_settings_at_the_workers_address()
    {
        var parameters = new SwarmInitParameters("atlas", "10.231.0.1", "hermes", "10.231.0.2", ["10.232.0.0/16"], 24, 4789, 5, TimeSpan.FromSeconds(5), TimeSpan.FromDays(90), false);

        var request = parameters.Request();

        Assert.Equal(("10.231.0.2", "10.231.0.2:2377", 24u, 4789u), (request.AdvertiseAddr, request.ListenAddr, request.SubnetSize, request.DataPathPort));
        Assert.Equal(["10.232.0.0/16"], request.DefaultAddrPool);
        Assert.Equal(5, request.Spec!.Orchestration!.TaskHistoryRetentionLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), request.Spec!.Dispatcher!.HeartbeatPeriod);
        Assert.Equal(TimeSpan.FromDays(90), request.Spec!.CAConfig!.NodeCertExpiry);
        Assert.False(request.Spec!.EncryptionConfig!.AutoLockManagers);
    }

    [Fact]
    public void Without_an_address_pool_the_engine_keeps_its_default_subnet_size()
    {
        var parameters = new SwarmInitParameters("atlas", "10.231.0.1", "hermes", "10.231.0.2", [], 24, 4789, null, null, null, true);

        var request = parameters.Request();

        Assert.Equal(0u, request.SubnetSize);
        Assert.Empty(request.DefaultAddrPool);
        Assert.True(request.Spec!.EncryptionConfig!.AutoLockManagers);
    }

    [Theory]
    [InlineData("10.231.0.1:2377", "10.231.0.1")]
    [InlineData("[fd00::1]:2377", "fd00::1")]
    [InlineData("atlas", "atlas")]
    public void A_swarm_address_is_reduced_to_its_host(string address, string host)
    {
        Assert.Equal(host, SwarmInitParameters.HostOf(address));
    }

    [Theory]
    [InlineData("10.231.0.1:2378", 2378)]
    [InlineData("[fd00::1]:2379", 2379)]
    [InlineData("[fd00::1]", 2377)]
    [InlineData("fd00::1", 2377)]
    [InlineData("atlas", 2377)]
    public void A_swarm_address_gives_its_port_or_the_swarm_port(string address, int port)
    {
        Assert.Equal(port, SwarmInitParameters.PortOf(address, 2377));
    }
}
