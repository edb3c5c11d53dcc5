using Reconciler.Core.Resources;

namespace Reconciler.Core.Tests;

/// <summary>The stack is a field of the owner; the text a plan shows is derived from it, never parsed back.</summary>
public sealed class ResourceOwnerTests
{
    [Fact]
    public void A_stack_owner_carries_its_stack_and_shows_as_stack_and_name()
    {
        var owner = ResourceOwner.OfStack("vaultwarden", prune: true);

        Assert.Equal("vaultwarden", owner.Stack);
        Assert.Equal("stack vaultwarden", owner.Display);
        Assert.Equal("vaultwarden", owner.Unit);
        Assert.True(owner.Prune);
    }

    [Theory]
    [InlineData(OwnerKind.Cluster, "homelab", "cluster homelab")]
    [InlineData(OwnerKind.Dataset, "tank/apps/db", "dataset tank/apps/db")]
    [InlineData(OwnerKind.Replication, "db-to-hermes", "replication db-to-hermes")]
    [InlineData(OwnerKind.Storage, null, "storage")]
    public void Other_owners_have_no_stack_and_are_their_own_unit(OwnerKind kind, string? name, string display)
    {
        var owner = new ResourceOwner(kind, name, Prune: false);

        Assert.Null(owner.Stack);
        Assert.Equal(display, owner.Display);
        Assert.Equal(display, owner.Unit);
    }
}
