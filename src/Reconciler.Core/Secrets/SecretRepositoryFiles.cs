using Reconciler.Core.Loading;

namespace Reconciler.Core.Secrets;

/// <summary>How a repository's SOPS files are read.</summary>
public enum SecretAccess
{
    /// <summary>No key (validate, diff, pull-request review): a SOPS file reads as a stand-in made from its ciphertext and MAC.</summary>
    Ciphertext,

    /// <summary>Deploying (plan, apply, the controller): a SOPS file reads as its verified plaintext, and one that cannot be decrypted is a problem.</summary>
    Plaintext,
}

/// <summary>
/// A repository whose SOPS files read decrypted, in memory only. Decryption happens where a
/// file's content is read, so the loader, the rules and the Swarm conversion see plaintext (or,
/// without a key, a stand-in that changes exactly when the ciphertext changes) without knowing
/// about SOPS. A file that cannot be decrypted reads as its stand-in and is kept as a problem
/// for validation to report, so the commit is rejected with the reason rather than with a
/// missing file.
/// </summary>
public sealed class SecretRepositoryFiles : IRepositoryFiles
{
    private readonly IRepositoryFiles inner;
    private readonly ISopsMasterKeys? keys;
    private readonly SecretAccess access;
    private readonly Lock gate = new();
    private readonly Dictionary<string, string?> read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> problems = new(StringComparer.Ordinal);
    private readonly HashSet<string> encrypted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> decrypted = new(StringComparer.Ordinal);

    public SecretRepositoryFiles(IRepositoryFiles inner, ISopsMasterKeys? keys, SecretAccess access)
    {
        this.inner = inner is SecretRepositoryFiles view ? view.inner : inner;
        this.keys = keys;
        this.access = access;
    }

    /// <summary>The files as a review reads them: no key, stand-ins for SOPS files.</summary>
    public static SecretRepositoryFiles ForReview(IRepositoryFiles files) =>
        files as SecretRepositoryFiles ?? new SecretRepositoryFiles(files, null, SecretAccess.Ciphertext);

    /// <summary>The files as the repository holds them, SOPS files still encrypted: what may be copied to a disk.</summary>
    public IRepositoryFiles Stored => inner;

    public IReadOnlyList<RefusedFile> Refused => inner.Refused;

    public IEnumerable<string> List() => inner.List();

    public string? Read(string path)
    {
        lock (gate)
        {
            if (read.TryGetValue(path, out var known))
            {
                return known;
            }

            var text = Open(path);
            read[path] = text;
            return text;
        }
    }

    /// <summary>A decrypted file's exact plaintext (a binary file's bytes need not be UTF-8); any other file as its source reads it.</summary>
    public byte[]? ReadBytes(string path)
    {
        var text = Read(path);
        lock (gate)
        {
            if (decrypted.TryGetValue(path, out var bytes))
            {
                return [.. bytes];
            }

            return encrypted.Contains(path) ? System.Text.Encoding.UTF8.GetBytes(text!) : inner.ReadBytes(path);
        }
    }

    /// <summary>Whether the file is SOPS-encrypted (read it first).</summary>
    public bool IsEncrypted(string path)
    {
        Read(path);
        lock (gate)
        {
            return encrypted.Contains(path);
        }
    }

    /// <summary>Why the file could not be decrypted, or null (read it first).</summary>
    public string? Problem(string path)
    {
        Read(path);
        lock (gate)
        {
            return problems.GetValueOrDefault(path);
        }
    }

    public bool HoldsSecret(string path) => IsEncrypted(path);

    private string? Open(string path)
    {
        var text = inner.Read(path);
        if (text is null || !SopsDocument.MayBeEncrypted(text))
        {
            return text;
        }

        SopsDocument document;
        try
        {
            document = SopsDocument.Parse(path, text);
        }
        catch (SopsException)
        {
            return text; // no sops metadata after all: a plain file
        }

        encrypted.Add(path);
        try
        {
            if (document.Metadata.Age.Count == 0)
            {
                throw new SopsException(document.Metadata.OtherKeys.Count == 0
                    ? "the file names no age recipient"
                    : $"it is encrypted only for {string.Join(", ", document.Metadata.OtherKeys)} keys; reconciler decrypts with age only, so add an age recipient (sops updatekeys)");
            }

            if (access == SecretAccess.Ciphertext)
            {
                return document.Fingerprint(text);
            }

            if (keys is null)
            {
                throw new SopsException("it is SOPS-encrypted and no age key was given (--age-key FILE or SOPS_AGE_KEY_FILE; secrets.ageKeyFile in the controller configuration)");
            }

            var plaintext = document.DecryptBytes(keys);
            decrypted[path] = plaintext;
            return System.Text.Encoding.UTF8.GetString(plaintext);
        }
        catch (SopsException e)
        {
            problems[path] = e.Message;
            return document.Fingerprint(text);
        }
    }
}
