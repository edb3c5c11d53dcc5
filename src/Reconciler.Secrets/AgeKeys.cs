using System.Text;
using Reconciler.Core.Secrets;
using Reconciler.Secrets.Age;

namespace Reconciler.Secrets;

/// <summary>
/// SOPS master keys from age: the identities of a key file (as age-keygen writes it, one
/// AGE-SECRET-KEY-1… per line, '#' comments) unwrap data keys; any "age1…" recipient wraps one.
/// </summary>
public sealed class AgeKeys : ISopsMasterKeys, IDisposable
{
    private const int MaxKeyFileBytes = 64 * 1024;

    /// <summary>An armored age file around a 32-byte data key is about 400 characters; far more is not one.</summary>
    private const int MaxWrappedKeyChars = 16 * 1024;

    private readonly IReadOnlyList<AgeIdentity> identities;

    private AgeKeys(IReadOnlyList<AgeIdentity> identities) => this.identities = identities;

    /// <summary>Keys that can only encrypt (no identity): for `secrets encrypt` without a key file.</summary>
    public static AgeKeys RecipientsOnly() => new([]);

    /// <summary>The identities of a key file's text; throws <see cref="SopsException"/> with the line of a bad one.</summary>
    public static AgeKeys Parse(string text)
    {
        var identities = new List<AgeIdentity>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            try
            {
                identities.Add(AgeIdentity.Parse(line));
            }
            catch (SopsException)
            {
                throw new SopsException(line.StartsWith("AGE-PLUGIN-", StringComparison.Ordinal) || line.StartsWith("AGE-SECRET-KEY-PQ-", StringComparison.Ordinal)
                    ? $"line {number} is an age plugin or post-quantum identity; only X25519 identities (AGE-SECRET-KEY-1…) are supported"
                    : $"line {number} is not an age identity (AGE-SECRET-KEY-1…)");
            }
        }

        return identities.Count == 0 ? throw new SopsException("it holds no age identity (AGE-SECRET-KEY-1…)") : new AgeKeys(identities);
    }

    /// <summary>
    /// The identities of a key file. It must be a regular file that only its owner can read or
    /// write (mode 0600 or stricter), as ssh insists for private keys: a key others can read is a
    /// leaked key.
    /// </summary>
    public static AgeKeys Load(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SopsException($"age key file '{path}' does not exist");
            }

            if (info.Length > MaxKeyFileBytes)
            {
                throw new SopsException($"age key file '{path}' is larger than {MaxKeyFileBytes} bytes, so it is not a key file");
            }

            if ((info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new SopsException($"age key file '{path}' can be read or written by others (mode {Convert.ToString((int)info.UnixFileMode, 8)}); chmod 600 it");
            }

            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (SopsException e) when (!e.Message.StartsWith("age key file", StringComparison.Ordinal))
        {
            throw new SopsException($"age key file '{path}': {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SopsException($"age key file '{path}' cannot be read: {e.Message}");
        }
    }

    /// <summary>The recipients these identities answer to ("age1…").</summary>
    public IReadOnlyList<string> Recipients => identities.Select(i => i.Recipient.Text).ToList();

    public byte[] Unwrap(SopsMetadata metadata)
    {
        foreach (var key in metadata.Age)
        {
            if (key.Enc.Length > MaxWrappedKeyChars)
            {
                throw new SopsException($"the data key for {key.Recipient} is {key.Enc.Length} characters long, far more than a data key takes");
            }

            byte[] dataKey;
            try
            {
                dataKey = AgeFile.Decrypt(AgeFile.Dearmor(key.Enc), identities);
            }
            catch (SopsException e) when (e.Message.StartsWith("no age identity", StringComparison.Ordinal))
            {
                continue; // this recipient is someone else's; try the next
            }

            return dataKey.Length == 32 ? dataKey : throw new SopsException($"the data key for {key.Recipient} is {dataKey.Length} bytes, not 32");
        }

        var recipients = string.Join(", ", metadata.Age.Select(k => k.Recipient));
        throw new SopsException(identities.Count == 0
            ? $"no age key was given (--age-key FILE, SOPS_AGE_KEY_FILE, or secrets.ageKeyFile in the controller configuration); the file is encrypted for {recipients}"
            : $"the age key ({string.Join(", ", Recipients)}) is not a recipient of the file; it is encrypted for {recipients}");
    }

    public IReadOnlyList<SopsAgeKey> Wrap(byte[] dataKey, IReadOnlyList<string> recipients)
    {
        if (recipients.Count == 0)
        {
            throw new SopsException("there is no age recipient to encrypt for");
        }

        return recipients.Select(AgeRecipient.Parse)
            .Select(r => new SopsAgeKey(r.Text, AgeFile.Armor(AgeFile.Encrypt(dataKey, [r]))))
            .ToList();
    }

    public void Dispose()
    {
        foreach (var identity in identities)
        {
            identity.Dispose();
        }
    }
}
