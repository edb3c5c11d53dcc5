using System.Diagnostics;
using Xunit;

namespace Reconciler.Tests.Shared;

/// <summary>
/// Real keys made for the test (ssh-keygen, gpg) and a real repository whose commits git signs
/// with them, so the checks run against what git and the tools actually write.
/// </summary>
internal sealed class SigningKeys : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("reconciler-sign-");

    public SigningKeys()
    {
        Repository = Directory.CreateDirectory(Path.Combine(root.FullName, "repo")).FullName;
        GitCli.Run(Repository, "init", "-q", "-b", "main");
    }

    public string Repository { get; }

    /// <summary>An ed25519 key; returns the private key file (the public one is beside it, .pub).</summary>
    public string SshKey(string name)
    {
        var key = Path.Combine(root.FullName, name);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", key);
        return key;
    }

    /// <summary>An allowed-signers file trusting <paramref name="principal"/> with the key.</summary>
    public string AllowedSigners(string principal, string key)
    {
        var file = Path.Combine(root.FullName, $"allowed-{principal}");
        File.WriteAllText(file, $"{principal} {File.ReadAllText(key + ".pub").Trim()}\n");
        return file;
    }

    /// <summary>A gpg home with one signing key for <paramref name="email"/>; returns the home.</summary>
    public string GpgKey(string email)
    {
        var home = Directory.CreateDirectory(Path.Combine(root.FullName, "gnupg-" + email)).FullName;
        PrivateToOwner(home);
        Run("gpg", "--homedir", home, "--batch", "--passphrase", string.Empty, "--quick-gen-key", $"Test <{email}>", "ed25519", "sign", "never");
        return home;
    }

    /// <summary>The public key of a gpg home, armoured or binary, in a file.</summary>
    public string ExportPublic(string home, bool armored)
    {
        var file = Path.Combine(root.FullName, $"keyring-{Path.GetFileName(home)}{(armored ? ".asc" : ".gpg")}");
        var arguments = new List<string> { "--homedir", home, "--batch", "--output", file };
        if (armored)
        {
            arguments.Add("--armor");
        }

        arguments.Add("--export");
        Run("gpg", [.. arguments]);
        return file;
    }

    public string CommitUnsigned(string message) => Commit(message);

    public string CommitSshSigned(string message, string key) =>
        Commit(message, "-c", "gpg.format=ssh", "-c", $"user.signingkey={key}.pub", "commit", "-S");

    public string CommitGpgSigned(string message, string home)
    {
        // git runs gpg.program with the signing arguments; the wrapper points it at the test's own home.
        var wrapper = Path.Combine(root.FullName, "gpg-" + Path.GetFileName(home));
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec gpg --homedir '{home}' \"$@\"\n");
        PrivateToOwner(wrapper);
        var email = Path.GetFileName(home)["gnupg-".Length..];
        return Commit(message, "-c", $"gpg.program={wrapper}", "-c", $"user.signingkey={email}", "commit", "-S");
    }

    /// <summary>A copy of <paramref name="commit"/> with another message but the same signature: what tampering looks like.</summary>
    public string Tampered(string commit)
    {
        var raw = GitCli.Run(Repository, "cat-file", "commit", commit);
        var altered = Path.Combine(root.FullName, "tampered");
        File.WriteAllText(altered, raw.Replace("\n\n", "\n\naltered: ", StringComparison.Ordinal) + "\n");
        return GitCli.Run(Repository, "hash-object", "-t", "commit", "-w", altered);
    }

    public void Dispose() => root.Delete(recursive: true);

    private string Commit(string message, params string[] signing)
    {
        File.AppendAllText(Path.Combine(Repository, "file.txt"), message + "\n");
        GitCli.Run(Repository, "add", "-A");
        var arguments = signing.Length == 0 ? new[] { "commit", "-q", "-m", message } : [.. signing, "-q", "-m", message];
        GitCli.Run(Repository, arguments);
        return GitCli.Run(Repository, "rev-parse", "HEAD");
    }

    /// <summary>gpg refuses a home others can read; git runs the wrapper, so it must be executable.</summary>
    private static void PrivateToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error.Result}");
    }
}
