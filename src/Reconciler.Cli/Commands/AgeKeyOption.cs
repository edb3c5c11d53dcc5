using System.CommandLine;
using Reconciler.Secrets;

namespace Reconciler.Cli.Commands;

/// <summary>The age identity that decrypts SOPS files: --age-key FILE, else $SOPS_AGE_KEY_FILE (as sops reads it).</summary>
internal static class AgeKeyOption
{
    public const string Variable = "SOPS_AGE_KEY_FILE";

    public static Option<FileInfo?> Create() => new("--age-key")
    {
        Description = "age identity file (AGE-SECRET-KEY-1…, mode 0600) that decrypts the repository's SOPS files. Default: $" + Variable + ".",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file ? new FileInfo(file) : null,
    };

    /// <summary>The keys of the file, or null when none was given; throws a one-line SopsException for a bad file.</summary>
    public static AgeKeys? Load(FileInfo? file) => file is null ? null : AgeKeys.Load(file.FullName);
}
