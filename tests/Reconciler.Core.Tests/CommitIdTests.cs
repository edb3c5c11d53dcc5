using Reconciler.Core.Model;

namespace Reconciler.Core.Tests;

public sealed class CommitIdTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789ab")]
    [InlineData("0123456789ab", "0123456789ab")]
    [InlineData("abc", "abc")]
    public void A_commit_shows_as_its_first_twelve_characters(string commit, string shown) =>
        Assert.Equal(shown, CommitId.Short(commit));

    [Fact]
    public void No_commit_stays_none_so_the_caller_says_how_it_reads() => Assert.Null(CommitId.Short(null));
}
