using System.CommandLine;
using Reconciler.Git;
using Reconciler.Git.Signatures;

namespace Reconciler.Cli.Commands;

/// <summary><c>--verify-keys</c> and <c>--verify-mode</c>: a hand deploy follows the controller's signed-commit rule.</summary>
internal sealed class SignatureGate
{
    private readonly Option<FileInfo?> keys = new("--verify-keys")
    {
        Description = "Deploy only commits signed by a key in FILE: an OpenSSH allowed-signers file or an OpenPGP public keyring\n"
            + "(binary or armoured). An unsigned commit, or one signed by another key, is refused and nothing is applied.",
    };

    private readonly Option<VerifyMode> mode = new("--verify-mode")
    {
        Description = "tip: only the commit being applied must be signed (default); all: every commit since the last good one.",
        DefaultValueFactory = _ => VerifyMode.Tip,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(keys);
        command.Options.Add(mode);
    }

    /// <summary>True when no keys were given, or when the commits are signed by them; says why not on stderr.</summary>
    public bool Allows(ParseResult result, Terminal terminal, GitWorkTree? git, string? commit, string? lastGood)
    {
        if (result.GetValue(keys) is not { } file)
        {
            return true;
        }

        if (git is null || commit is null)
        {
            terminal.Error.WriteLine("reconciler: error: --verify-keys needs a clean git work tree: only a commit can carry a signature");
            return false;
        }

        SignatureReport report;
        try
        {
            report = git.VerifySignatures(commit, lastGood, result.GetValue(mode), TrustedKeys.Load(file.FullName));
        }
        catch (Exception e) when (e is InvalidDataException or SignatureCheckException)
        {
            terminal.Error.WriteLine($"reconciler: error: {e.Message}");
            return false;
        }

        if (report.FirstRefusal is { } refusal)
        {
            terminal.Error.WriteLine($"reconciler: error: not applying: {refusal.Describe()}");
            return false;
        }

        terminal.Error.WriteLine($"reconciler: {report.Verdicts[0].Describe()}");
        return true;
    }
}
