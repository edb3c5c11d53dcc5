using System.CommandLine;
using Reconciler.Core.Loading;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Diagnostics.Formatting;
using Reconciler.Core.Validation;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler validate [PATH]</c>: check a repository without touching any cluster.</summary>
public static class ValidateCommand
{
    public static Command Create(Terminal terminal)
    {
        var path = new Argument<DirectoryInfo>("PATH")
        {
            Description = "The desired-state repository (a checkout or any directory). Default: the current directory.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var format = new Option<DiagnosticFormat>("--format", "-f")
        {
            Description = "text: file:line:col: error CODE: message (default); json: one document for tools; github: annotations for GitHub/Gitea Actions.",
            DefaultValueFactory = _ => DiagnosticFormat.Text,
        };
        var listRules = new Option<bool>("--list-rules") { Description = "Print every rule code with its meaning and exit." };
        var ageKey = new Option<FileInfo?>("--age-key")
        {
            Description = "age identity file: also decrypt the SOPS files and verify their MACs. Without it they are checked as a review sees them, by their ciphertext.",
        };

        var command = new Command("validate",
            "Check a repository: YAML syntax, manifest schemas, names, paths, references between manifests,\n"
            + "bind-mount policy and the single-writer rule for datasets. Prints every problem at once.\n"
            + "Exit code 0 when valid (warnings allowed), 1 when there are errors.\n\n"
            + "Examples:\n"
            + "  reconciler validate sample-repo\n"
            + "  reconciler validate --format github .   # in a CI job, to annotate the pull request")
        {
            path, format, listRules, ageKey,
        };
        command.SetAction(result => result.GetValue(listRules)
            ? ListRules(terminal)
            : Run(terminal, result.GetValue(path)!, result.GetValue(format), result.GetValue(ageKey)));
        return command;
    }

    private static int Run(Terminal terminal, DirectoryInfo path, DiagnosticFormat format, FileInfo? ageKey)
    {
        if (!path.Exists)
        {
            terminal.Error.WriteLine($"reconciler: error: '{path.FullName}' is not a directory; pass the repository's path");
            return 1;
        }

        IRepositoryFiles files = new DirectoryRepositoryFiles(path.FullName);
        if (ageKey is not null)
        {
            if (!new SecretKeyChoice(ageKey).TryLoad(terminal, out var keys))
            {
                return 1;
            }

            files = new Core.Secrets.SecretRepositoryFiles(files, keys, Core.Secrets.SecretAccess.Plaintext);
        }

        var report = Validator.Validate(files);
        var text = DiagnosticFormatter.Format(report.Diagnostics, format);
        if (format == DiagnosticFormat.Text)
        {
            text = text.Replace(": error RC", ": " + terminal.Paint("error", "1;31") + " RC", StringComparison.Ordinal)
                .Replace(": warning RC", ": " + terminal.Paint("warning", "1;33") + " RC", StringComparison.Ordinal);
            terminal.Output.Write(text);
            terminal.Output.WriteLine(DiagnosticFormatter.Summary(report.Diagnostics));
        }
        else
        {
            terminal.Output.Write(text);
        }

        return report.IsValid ? 0 : 1;
    }

    private static int ListRules(Terminal terminal)
    {
        foreach (var rule in Rules.All)
        {
            terminal.Output.WriteLine($"{rule.Code}  {(rule.Severity == Severity.Error ? "error  " : "warning")}  {rule.Title}");
        }

        return 0;
    }
}
