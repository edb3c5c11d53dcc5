using System.Text.Json.Nodes;
using Reconciler.Core.Diff;
using Reconciler.Core.Resources;

namespace Reconciler.Core.Tests;

public sealed class ResourceDiffTests
{
    private static readonly ResourceOwner Web = ResourceOwner.OfStack("web", prune: true);
    private static readonly ResourceOwner Legacy = ResourceOwner.OfStack("legacy", prune: false);

    private static Resource Service(string name, string image, ResourceOwner owner) =>
        new(new ResourceKey("service", name), new JsonObject { ["image"] = image, ["replicas"] = 1 }, owner);

    [Fact]
    public void Equal_resources_are_unchanged()
    {
        var change = Assert.Single(ResourceDiff.Compute([Service("web_app", "nginx:1", Web)], [Service("web_app", "nginx:1", Web)]));

        Assert.Equal(ChangeAction.Unchanged, change.Action);
        Assert.Empty(change.Fields);
    }

    [Fact]
    public void Missing_resources_are_created()
    {
        Assert.Equal(ChangeAction.Create, Assert.Single(ResourceDiff.Compute([Service("web_app", "nginx:1", Web)], [])).Action);
    }

    [Fact]
    public void Updates_list_each_changed_field_with_old_and_new_values()
    {
        var desired = Service("web_app", "nginx:2", Web);
        desired.Properties["labels"] = new JsonObject { ["a"] = "1" };

        var change = Assert.Single(ResourceDiff.Compute([desired], [Service("web_app", "nginx:1", Web)]));

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["/image", "/labels"], change.Fields.Select(f => f.Path));
        Assert.Equal("nginx:1", change.Fields[0].Before!.GetValue<string>());
        Assert.Null(change.Fields[1].Before);
    }

    [Fact]
    public void Nested_objects_are_compared_field_by_field()
    {
        var fields = ResourceDiff.Fields(JsonNode.Parse("""{"a":{"b":1,"c":[1,2]}}"""), JsonNode.Parse("""{"a":{"b":1,"c":[2,1]}}"""));

        Assert.Equal("/a/c", Assert.Single(fields).Path);
    }

    [Fact]
    public void Live_resources_left_out_of_the_repository_are_deleted_only_when_their_owner_prunes()
    {
        var changes = ResourceDiff.Compute([], [Service("web_old", "x", Web), Service("legacy_app", "y", Legacy)]);

        Assert.Equal(ChangeAction.Delete, changes.Single(c => c.Key.Name == "web_old").Action);
        Assert.Equal(ChangeAction.Orphan, changes.Single(c => c.Key.Name == "legacy_app").Action);
    }

    [Fact]
    public void Two_desired_resources_with_one_key_are_a_bug_not_a_silent_overwrite()
    {
        Assert.Throws<ArgumentException>(() => ResourceDiff.Compute([Service("a", "x", Web), Service("a", "y", Web)], []));
    }
}
