using Reconciler.Tests.Shared;

namespace Reconciler.Git.Tests;

/// <summary>The git mirror against real repositories: a bare remote reached over file://, pushed to with the git CLI.</summary>
public sealed class RepositoryMirrorTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("reconciler-mirror-").FullName;

    private string Remote => Path.Combine(root, "remote.git");

    private string Work => Path.Combine(root, "work");

    private string Url => "file://" + Remote;

    public RepositoryMirrorTests()
    {
        Git(root, "init", "-q", "--bare", Remote);
        Git(root, "init", "-q", "-b", "main", Work);
    }

    private static string Git(string directory, params string[] arguments) => GitCli.Run(directory, arguments);

    private string Commit(string file, string text, string message)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Work, file))!);
        File.WriteAllText(Path.Combine(Work, file), text);
        Git(Work, "add", "-A");
        Git(Work, "commit", "-q", "-m", message);
        return Git(Work, "rev-parse", "HEAD");
    }

    private RepositoryMirror Mirror(GitSource? source = null) => RepositoryMirror.Open(Path.Combine(root, "mirror"), source ?? new GitSource(Url, "main", null, null));

    [Fact]
    public void Each_fetch_finds_the_new_tip_in_the_same_mirror()
    {
        var first = Commit("cluster/cluster.yaml", "one", "first");
        Git(Work, "push", "-q", Remote, "main");
        using (var mirror = Mirror())
        {
            Assert.Equal(first, mirror.Fetch());
            Assert.Equal("one", mirror.FilesAt(first, "cluster").Read("cluster.yaml"));
        }

        var second = Commit("cluster/cluster.yaml", "two", "second");
        Git(Work, "push", "-q", Remote, "main");
        using var again = Mirror();

        Assert.Equal(second, again.Fetch());
        Assert.Equal("second", again.Subject(second));
        Assert.Equal("one", again.FilesAt(first, ".").Read("cluster/cluster.yaml"));
    }

    [Fact]
    public void A_force_push_makes_the_rewritten_tip_the_desired_state()
    {
        Commit("a.yaml", "one", "first");
        Commit("a.yaml", "two", "second");
        Git(Work, "push", "-q", Remote, "main");
        using var mirror = Mirror();
        mirror.Fetch();

        Git(Work, "reset", "-q", "--hard", "HEAD~1");
        var rewritten = Commit("a.yaml", "three", "rewritten");
        Git(Work, "push", "-q", "--force", Remote, "main");

        Assert.Equal(rewritten, mirror.Fetch());
    }

    [Fact]
    public void A_tag_or_a_pinned_commit_can_be_followed_instead_of_a_branch()
    {
        var tagged = Commit("a.yaml", "one", "first");
        Git(Work, "tag", "v1");
        var later = Commit("a.yaml", "two", "second");
        Git(Work, "push", "-q", Remote, "main", "v1");

        using (var byTag = Mirror(new GitSource(Url, null, "v1", null)))
        {
            Assert.Equal(tagged, byTag.Fetch());
        }

        using var pinned = Mirror(new GitSource(Url, null, null, later));
        Assert.Equal(later, pinned.Fetch());
    }

    [Fact]
    public void An_unreachable_or_empty_remote_is_a_clear_error()
    {
        using var missing = Mirror(new GitSource("file://" + Path.Combine(root, "nowhere.git"), "main", null, null));
        Assert.Contains("cannot fetch file://", Assert.Throws<GitSourceException>(missing.Fetch).Message, StringComparison.Ordinal);

        using var empty = Mirror();
        Assert.Equal("the remote has no branch main", Assert.Throws<GitSourceException>(empty.Fetch).Message);
    }

    [Fact]
    public void A_missing_directory_in_a_commit_says_so()
    {
        var commit = Commit("a.yaml", "one", "first");
        Git(Work, "push", "-q", Remote, "main");
        using var mirror = Mirror();
        mirror.Fetch();

        Assert.Contains("has no directory 'cluster'", Assert.Throws<GitSourceException>(() => mirror.FilesAt(commit, "cluster")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:hunter2@git.example.org/x.git", "user", "hunter2")]
    [InlineData("https://ghp_T0KEN@git.example.org/x.git", "ghp_T0KEN", null)]
    [InlineData("https://user:p%40ss%3Aw0rd@git.example.org/x.git", "user", "p@ss:w0rd")]
    [InlineData("https://user:p@ss@git.example.org/x.git", "user", "p@ss")]
    [InlineData("https://us%C3%A9r:m%C3%B6t-de-passe@git.example.org/x.git", "usér", "möt-de-passe")]
    [InlineData("https://user:pässwört@git.example.org:8443/x.git?y=1", "user", "pässwört")]
    public void Credentials_of_every_shape_leave_the_url_and_are_decoded_for_the_callback(string url, string user, string? password)
    {
        var remote = RemoteUrl.Parse(url);

        Assert.Equal(url.EndsWith("?y=1", StringComparison.Ordinal) ? "https://git.example.org:8443/x.git?y=1" : "https://git.example.org/x.git", remote.Address);
        Assert.Equal((user, password), (remote.User, remote.Password));
    }

    [Theory]
    [InlineData("https://git.example.org/x.git")]
    [InlineData("ssh://git@git.example.org/x.git")]
    [InlineData("file:///srv/git/x.git")]
    public void A_url_without_secrets_is_kept_as_it_is_and_an_ssh_login_stays(string url) =>
        Assert.Equal(new RemoteUrl(url, null, null), RemoteUrl.Parse(url));

    [Fact]
    public void The_mirrors_git_config_never_holds_the_credentials()
    {
        using (Mirror(new GitSource("https://user:hunter2@127.0.0.1:9/x.git", "main", null, null)))
        {
        }

        var config = File.ReadAllText(Path.Combine(root, "mirror", "config"));
        Assert.Contains("url = https://127.0.0.1:9/x.git", config, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", config, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ssh_remote_is_reached_through_a_wrapper_with_the_shared_client_options()
    {
        using (Mirror(new GitSource("ssh://git@127.0.0.1:9/x.git", "main", null, null) { SshKeyFile = "/keys/id", KnownHostsFile = "/keys/known_hosts" }))
        {
        }

        var wrapper = Path.Combine(root, "mirror", "reconciler-ssh");
        Assert.Equal(
            "#!/bin/sh\nexec ssh '-o' 'BatchMode=yes' '-o' 'StrictHostKeyChecking=yes' '-i' '/keys/id' '-o' 'IdentitiesOnly=yes' '-o' 'UserKnownHostsFile=/keys/known_hosts' \"$@\"\n",
            File.ReadAllText(wrapper));
        Assert.Contains($"sshCommand = {wrapper}", File.ReadAllText(Path.Combine(root, "mirror", "config")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
