using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Secrets;

namespace Reconciler.Cli.Commands;

/// <summary>The age key a deploying command was given (or none), loaded once and shared by every view of the repository it reads.</summary>
internal sealed class SecretKeyChoice(FileInfo? file)
{
    private AgeKeys? keys;
    private bool loaded;

    /// <summary>Loads the key file; false after a one-line error when it cannot be used. No file given is not an error here: SOPS files then fail validation with that reason.</summary>
    public bool TryLoad(Terminal terminal, out ISopsMasterKeys? result)
    {
        try
        {
            if (!loaded)
            {
                keys = AgeKeyOption.Load(file);
                loaded = true;
            }

            result = keys;
            return true;
        }
        catch (SopsException e)
        {
            terminal.Error.WriteLine($"reconciler: error: {e.Message}");
            result = null;
            return false;
        }
    }

    /// <summary>Another commit's files, read the same way (a rollback to the last good commit).</summary>
    public IRepositoryFiles View(IRepositoryFiles files) => new SecretRepositoryFiles(files, keys, SecretAccess.Plaintext);
}
