using Reconciler.Core.Diagnostics.Formatting;
using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Core.Validation;

namespace Reconciler.Cli.Commands;

/// <summary>The repository a command acts on, loaded from its directory and valid: commands that change something refuse an invalid one.</summary>
internal sealed record ValidRepository(IRepositoryFiles Files, ValidationReport Report)
{
    /// <summary>
    /// The repository at <paramref name="path"/>, or null after telling the user why not: the path is no directory, or the
    /// repository has errors (<paramref name="nothingWas"/> says what was therefore not done, e.g. "planned").
    /// A command that deploys passes <paramref name="secrets"/>: SOPS files are then decrypted with its
    /// age key (none given: those files are errors); without it they are read as a review reads them.
    /// </summary>
    public static ValidRepository? Load(Terminal terminal, DirectoryInfo path, string nothingWas, SecretKeyChoice? secrets = null)
    {
        if (!path.Exists)
        {
            terminal.Error.WriteLine($"reconciler: error: '{path.FullName}' is not a directory; pass the repository's path");
            return null;
        }

        return From(terminal, new DirectoryRepositoryFiles(path.FullName), nothingWas, secrets);
    }

    /// <summary>The same for files read elsewhere (a failover reads the standby's copy of the last good commit).</summary>
    public static ValidRepository? From(Terminal terminal, IRepositoryFiles files, string nothingWas, SecretKeyChoice? secrets = null)
    {
        if (secrets is not null)
        {
            if (!secrets.TryLoad(terminal, out var keys))
            {
                return null;
            }

            files = new SecretRepositoryFiles(files, keys, SecretAccess.Plaintext);
        }

        var report = Validator.Validate(files);
        if (!report.IsValid)
        {
            terminal.Error.Write(DiagnosticFormatter.Format(report.Diagnostics, DiagnosticFormat.Text));
            terminal.Error.WriteLine($"reconciler: the repository is not valid; nothing was {nothingWas} (see `reconciler validate`)");
            return null;
        }

        return new ValidRepository(files, report);
    }
}
