using System.Text;
using Reconciler.Controller.Recovery;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class StandbyCopyTests
{
    private static readonly DateTimeOffset Written = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A complete copy for a commit under "current/" or "previous/".</summary>
    private static Dictionary<string, byte[]> Copy(string location, string commit)
    {
        var payload = new Dictionary<string, byte[]>
        {
            [StandbyLayout.State] = Encoding.UTF8.GetBytes($$"""{"lastGoodCommit": "{{commit}}"}"""),
            [StandbyLayout.Configuration] = Encoding.UTF8.GetBytes("repository: {url: file:///srv/git}\n"),
        };
        payload[StandbyLayout.Manifest] = StandbyManifest.For(commit, Written, "atlas", 2, payload).ToBytes();
        return payload.ToDictionary(f => $"{location}/{f.Key}", f => f.Value);
    }

    [Fact]
    public void The_current_copy_is_used_when_it_is_intact()
    {
        var copy = StandbyCopy.From(Copy("current", "new").Concat(Copy("previous", "old")).ToDictionary());

        Assert.True(copy.Usable);
        Assert.Equal("current", copy.Location);
        Assert.Equal("new", copy.Manifest!.Commit);
        Assert.Equal(2, copy.Manifest.Epoch);
        Assert.Empty(copy.Problems);
        Assert.Equal("repository: {url: file:///srv/git}\n", copy.Configuration());
        Assert.Equal(TimeSpan.FromMinutes(5), copy.Age(Written.AddMinutes(5)));
    }

    [Fact]
    public void A_damaged_current_copy_falls_back_to_the_previous_one_and_says_so()
    {
        var files = Copy("current", "new").Concat(Copy("previous", "old")).ToDictionary();
        files["current/config.yaml"] = Encoding.UTF8.GetBytes("edited by hand\n");

        var copy = StandbyCopy.From(files);

        Assert.Equal("previous", copy.Location);
        Assert.Equal("old", copy.Manifest!.Commit);
        Assert.Equal(["current: config.yaml does not match its checksum"], copy.Problems);
    }

    [Fact]
    public void A_copy_missing_a_file_or_its_manifest_is_not_used()
    {
        var files = Copy("current", "new");
        files.Remove("current/state.json");
        var noManifest = Copy("previous", "old");
        noManifest.Remove("previous/manifest.json");

        var copy = StandbyCopy.From(files.Concat(noManifest).ToDictionary());

        Assert.False(copy.Usable);
        Assert.Equal(["current: state.json is missing", "previous: manifest.json is missing"], copy.Problems);
        Assert.Throws<InvalidOperationException>(copy.Configuration);
    }

    [Fact]
    public void A_manifest_of_another_format_or_not_json_is_refused()
    {
        var files = Copy("current", "new");
        files["current/manifest.json"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(files["current/manifest.json"]).Replace("\"format\": 1", "\"format\": 9", StringComparison.Ordinal));
        var garbage = Copy("previous", "old");
        garbage["previous/manifest.json"] = Encoding.UTF8.GetBytes("not json");

        var copy = StandbyCopy.From(files.Concat(garbage).ToDictionary());

        Assert.False(copy.Usable);
        Assert.Equal("current: it has format 9; this reconciler reads format 1", copy.Problems[0]);
        Assert.StartsWith("previous: it is not a manifest", copy.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_standby_directory_holds_no_copy()
    {
        Assert.Equal(["the standby directory holds no copy"], StandbyCopy.From(new Dictionary<string, byte[]>()).Problems);
    }
}
