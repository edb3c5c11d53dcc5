using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Reconciler.Core.Secrets;
using Reconciler.Secrets;

namespace Reconciler.Cli.Commands;

/// <summary>
/// <c>reconciler secrets encrypt|decrypt|edit FILE</c>: SOPS files for people without the sops
/// binary. Recipients come from the nearest .sops.yaml; plaintext goes to stdout or, for edit,
/// to a private file in RAM (/dev/shm) that is overwritten and deleted afterwards.
/// </summary>
public static class SecretsCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("secrets", "Encrypt, decrypt and edit SOPS files (age recipients) without the sops binary.");
        command.Subcommands.Add(Encrypt(terminal));
        command.Subcommands.Add(Decrypt(terminal));
        command.Subcommands.Add(Edit(terminal));
        return command;
    }

    private static Argument<FileInfo> FileArgument() => new("FILE") { Description = "The file (its extension picks the store: .yaml/.yml, .json, .env, anything else binary)." };

    private static Command Encrypt(Terminal terminal)
    {
        var file = FileArgument();
        var command = new Command("encrypt",
            "Encrypt FILE in place for the age recipients of the first matching creation rule of the nearest\n"
            + ".sops.yaml (creation_rules: [{path_regex: ..., age: age1...}]), as sops -e -i does.")
        {
            file,
        };
        command.SetAction(result => Guarded(terminal, result.GetValue(file)!, path =>
        {
            var rule = RuleFor(path);
            var plaintext = File.ReadAllBytes(path.FullName); // a binary file's bytes are kept exactly
            using var keys = AgeKeys.RecipientsOnly();
            WriteReplacing(path.FullName, SopsDocument.Encrypt(path.Name, plaintext, rule, keys, DateTimeOffset.UtcNow));
            terminal.Output.WriteLine($"encrypted {path.Name} for {string.Join(", ", rule.AgeRecipients)}");
        }));
        return command;
    }

    private static Command Decrypt(Terminal terminal)
    {
        var file = FileArgument();
        var key = AgeKeyOption.Create();
        var command = new Command("decrypt", "Print FILE decrypted on stdout (the file itself stays encrypted); the MAC is verified first.") { file, key };
        command.SetAction(result => Guarded(terminal, result.GetValue(file)!, path =>
        {
            using var keys = RequiredKeys(result.GetValue(key));
            terminal.Output.Write(SopsDocument.Parse(path.Name, File.ReadAllText(path.FullName, Encoding.UTF8)).Decrypt(keys));
        }));
        return command;
    }

    private static Command Edit(Terminal terminal)
    {
        var file = FileArgument();
        var key = AgeKeyOption.Create();
        var command = new Command("edit",
            "Decrypt FILE into a private temporary file (0600 in a 0700 directory, in /dev/shm when there is one),\n"
            + "open it in $EDITOR (default vi), and encrypt what you saved back into FILE for the same recipients.\n"
            + "The temporary file is overwritten with zeros and deleted, whatever happens. A new FILE takes its\n"
            + "recipients from .sops.yaml.")
        {
            file, key,
        };
        command.SetAction(result => Guarded(terminal, result.GetValue(file)!, path =>
        {
            using var keys = RequiredKeys(result.GetValue(key));
            var (plaintext, rule) = path.Exists
                ? Opened(path, keys)
                : (string.Empty, RuleFor(path));
            var edited = EditPrivately(plaintext, path.Name);
            if (edited == plaintext && path.Exists)
            {
                terminal.Output.WriteLine($"{path.Name} unchanged");
                return;
            }

            WriteReplacing(path.FullName, SopsDocument.Encrypt(path.Name, edited, rule, keys, DateTimeOffset.UtcNow));
            terminal.Output.WriteLine($"encrypted {path.Name} for {string.Join(", ", rule.AgeRecipients)}");
        }));
        return command;
    }

    private static (string Plaintext, SopsCreationRule Rule) Opened(FileInfo path, AgeKeys keys)
    {
        var document = SopsDocument.Parse(path.Name, File.ReadAllText(path.FullName, Encoding.UTF8));
        var metadata = document.Metadata;
        return (document.Decrypt(keys), new SopsCreationRule(metadata.Age.Select(k => k.Recipient).ToList())
        {
            UnencryptedSuffix = metadata.UnencryptedSuffix,
            EncryptedSuffix = metadata.EncryptedSuffix,
            UnencryptedRegex = metadata.UnencryptedRegex,
            EncryptedRegex = metadata.EncryptedRegex,
        });
    }

    private static string EditPrivately(string plaintext, string name)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("reconciler runs on Linux");
        }

        // RAM-backed where there is /dev/shm, so the plaintext never reaches a disk.
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Directory.CreateDirectory(Path.Combine(root, "reconciler-edit-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = Path.Combine(directory.FullName, name);
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                stream.Write(Encoding.UTF8.GetBytes(plaintext));
            }

            var editor = Environment.GetEnvironmentVariable("EDITOR") is { Length: > 0 } set ? set : "vi";
            using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", editor + " \"$1\"", "editor", temporary]) { UseShellExecute = false })
                ?? throw new SopsException($"the editor '{editor}' did not start");
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new SopsException($"the editor '{editor}' exited with {process.ExitCode}; the file was left as it was");
            }

            return File.ReadAllText(temporary, Encoding.UTF8);
        }
        finally
        {
            Shred(temporary);
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Overwrites the plaintext with zeros before deleting it (editors may have replaced the inode; then the new one is overwritten).</summary>
    private static void Shred(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Write(new byte[stream.Length]);
            stream.Flush(flushToDisk: true);
        }

        File.Delete(path);
    }

    /// <summary>Replaces the file atomically, keeping its mode (0600 for a new one).</summary>
    private static void WriteReplacing(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("reconciler runs on Linux");
        }

        var mode = File.Exists(path) ? File.GetUnixFileMode(path) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var temporary = path + ".reconciler-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The first creation rule of the nearest .sops.yaml above the file that applies to it.</summary>
    private static SopsCreationRule RuleFor(FileInfo file)
    {
        for (var directory = file.Directory; directory is not null; directory = directory.Parent)
        {
            var config = Path.Combine(directory.FullName, SopsConfig.FileName);
            if (File.Exists(config))
            {
                return SopsConfig.RuleFor(File.ReadAllText(config), Path.GetRelativePath(directory.FullName, file.FullName).Replace('\\', '/'));
            }
        }

        throw new SopsException($"no {SopsConfig.FileName} above {file.FullName} says whom to encrypt it for; add one with creation_rules: [{{age: age1...}}]");
    }

    private static AgeKeys RequiredKeys(FileInfo? file) =>
        AgeKeyOption.Load(file) ?? throw new SopsException($"no age key: pass --age-key FILE or set {AgeKeyOption.Variable}");

    private static int Guarded(Terminal terminal, FileInfo file, Action<FileInfo> action)
    {
        try
        {
            if (!file.Exists && file.Directory?.Exists != true)
            {
                throw new SopsException("no such file or directory");
            }

            action(file);
            return 0;
        }
        catch (SopsException e)
        {
            terminal.Error.WriteLine($"reconciler: error: {file.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            terminal.Error.WriteLine($"reconciler: error: {file.Name}: {e.Message}");
            return 1;
        }
    }
}
