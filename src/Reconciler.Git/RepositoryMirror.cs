using System.Globalization;
using LibGit2Sharp;
using Reconciler.Core.Loading;
using Reconciler.Core.Ssh;
using Reconciler.Git.Signatures;

namespace Reconciler.Git;

/// <summary>
/// A bare mirror of the remote in the state directory: cloned once, then fetched incrementally
/// each cycle (never a re-clone). A force-push simply moves the remote-tracking ref, so the new
/// tip is the desired state, whatever happened to history.
/// </summary>
public sealed class RepositoryMirror : IDisposable
{
    private const string Remote = "origin";
    private readonly Repository repository;
    private readonly GitSource source;

    private RepositoryMirror(Repository repository, GitSource source)
    {
        this.repository = repository;
        this.source = source;
    }

    /// <summary>Opens (or creates) the mirror at <paramref name="directory"/> for <paramref name="source"/>.</summary>
    public static RepositoryMirror Open(string directory, GitSource source)
    {
        if (!Repository.IsValid(directory))
        {
            Directory.CreateDirectory(directory);
            Repository.Init(directory, isBare: true);
        }

        // The mirror's config holds the address only; credentials go through the callback in Fetch.
        var address = RemoteUrl.Parse(source.Url).Address;
        var repository = new Repository(directory);
        if (repository.Network.Remotes[Remote] is null)
        {
            repository.Network.Remotes.Add(Remote, address, "+refs/heads/*:refs/remotes/origin/*");
        }
        else if (repository.Network.Remotes[Remote].Url != address)
        {
            repository.Network.Remotes.Update(Remote, r => r.Url = address);
        }

        if (source.SshKeyFile is not null || source.KnownHostsFile is not null)
        {
            // libgit2 runs OpenSSH for ssh:// remotes; this wrapper gives it the identity and
            // known_hosts, batch mode and strict host key checking (never a prompt).
            repository.Config.Set("core.sshCommand", SshWrapper(directory, source));
        }

        return new RepositoryMirror(repository, source);
    }

    /// <summary>Fetches from the remote and returns the commit to apply, or throws <see cref="GitSourceException"/>.</summary>
    public string Fetch()
    {
        var options = new FetchOptions { TagFetchMode = TagFetchMode.All, Prune = true };
        var url = RemoteUrl.Parse(source.Url);
        if (Token() is { } token)
        {
            options.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
        }
        else if (url.HasCredentials)
        {
            options.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = url.User, Password = url.Password ?? string.Empty };
        }

        try
        {
            Commands.Fetch(repository, Remote, ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], options, "reconciler fetch");
        }
        catch (LibGit2SharpException e)
        {
            throw new GitSourceException($"cannot fetch {url.Address}: {e.Message}", e);
        }

        return Tip();
    }

    /// <summary>The files below <paramref name="path"/> at a commit of the mirror.</summary>
    public IRepositoryFiles FilesAt(string commit, string path)
    {
        var found = repository.Lookup<Commit>(commit) ?? throw new GitSourceException($"commit {commit} is not in the mirror");
        try
        {
            return new GitTreeFiles(found, path);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new GitSourceException($"{e.Message} (check repository.path in the configuration)", e);
        }
    }

    /// <summary>The first line of a commit's message, for status and notifications.</summary>
    public string Subject(string commit) => repository.Lookup<Commit>(commit)?.MessageShort ?? string.Empty;

    /// <summary>Whether <paramref name="commit"/> (and, in <see cref="VerifyMode.All"/>, every commit since <paramref name="since"/>) is signed by a trusted key.</summary>
    public SignatureReport VerifySignatures(string commit, string? since, VerifyMode mode, TrustedKeys keys) =>
        CommitSignatures.Check(repository, commit, since, mode, keys);

    public void Dispose() => repository.Dispose();

    private string Tip()
    {
        if (source.Commit is { } pinned)
        {
            return repository.Lookup<Commit>(pinned)?.Sha ?? throw new GitSourceException($"the pinned commit {pinned} is not on the remote");
        }

        if (source.Tag is { } tag)
        {
            return (repository.Tags[tag]?.PeeledTarget as Commit)?.Sha ?? throw new GitSourceException($"the remote has no tag {tag}");
        }

        var branch = source.Branch ?? "main";
        return repository.Branches[$"{Remote}/{branch}"]?.Tip?.Sha ?? throw new GitSourceException($"the remote has no branch {branch}");
    }

    private string? Token()
    {
        if (source.TokenFile is { } file)
        {
            return File.ReadAllText(file).Trim();
        }

        return source.TokenVariable is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
    }

    private static string SshWrapper(string directory, GitSource source)
    {
        var path = Path.Combine(directory, "reconciler-ssh");
        var quoted = string.Join(' ', SshArguments.Client(source.SshKeyFile, source.KnownHostsFile).Select(SshArguments.Quote));
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"#!/bin/sh\nexec ssh {quoted} \"$@\"\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}

/// <summary>The remote could not be read: unreachable, refused, or not what it should be.</summary>
public sealed class GitSourceException(string message, Exception? inner = null) : Exception(message, inner);
