using Reconciler.Core.Compose;

namespace Reconciler.Core.Tests;

public sealed class InterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal) { ["TAG"] = "1.2", ["EMPTY"] = string.Empty };

    [Theory]
    [InlineData("app:$TAG", "app:1.2")]
    [InlineData("app:${TAG}", "app:1.2")]
    [InlineData("${MISSING:-latest}", "latest")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${TAG:+set}", "set")]
    [InlineData("${MISSING:+set}", "")]
    [InlineData("cost: $$5", "cost: $5")]
    [InlineData("no variables", "no variables")]
    public void Substitutes_like_compose(string text, string expected)
    {
        var unset = new List<Interpolation.Unset>();

        Assert.Equal(expected, Interpolation.Substitute(text, "/x", Variables, unset));
        Assert.Empty(unset);
    }

    [Fact]
    public void Unset_variables_are_reported_with_where_they_were_used()
    {
        var unset = new List<Interpolation.Unset>();

        Assert.Equal("a-", Interpolation.Substitute("a-${NOPE}", "/services/web/image", Variables, unset));
        Assert.Equal(new Interpolation.Unset("/services/web/image", "NOPE", false, null), Assert.Single(unset));
    }

    [Fact]
    public void Required_variables_carry_their_message()
    {
        var unset = new List<Interpolation.Unset>();

        Interpolation.Substitute("${TOKEN:?set the token}", "/x", Variables, unset);

        Assert.Equal(new Interpolation.Unset("/x", "TOKEN", true, "set the token"), Assert.Single(unset));
    }
}
