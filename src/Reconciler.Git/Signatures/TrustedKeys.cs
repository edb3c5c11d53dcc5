namespace Reconciler.Git.Signatures;

/// <summary>The kind of key file a deployment trusts: told apart by content, so one setting serves both.</summary>
public enum TrustedKeyKind
{
    /// <summary>An OpenSSH allowed-signers file (<c>principal key-type key</c> lines), checked with <c>ssh-keygen -Y verify</c>.</summary>
    OpenSsh,

    /// <summary>An OpenPGP public keyring, binary or ASCII-armoured, checked with <c>gpgv</c>.</summary>
    OpenPgp,
}

/// <summary>The file of keys whose signatures are trusted, read once and classified.</summary>
public sealed class TrustedKeys
{
    /// <summary>A keyring or allowed-signers file is small; anything larger is a mistake, not a key file.</summary>
    private const int MaxBytes = 4 * 1024 * 1024;

    private TrustedKeys(string file, TrustedKeyKind kind, byte[] content)
    {
        File = file;
        Kind = kind;
        Content = content;
    }

    public string File { get; }

    public TrustedKeyKind Kind { get; }

    /// <summary>The keys as the checking tool wants them (an armoured keyring already decoded to binary).</summary>
    internal byte[] Content { get; }

    /// <summary>Reads <paramref name="file"/>; throws <see cref="InvalidDataException"/> with a clear message when it is not a key file.</summary>
    public static TrustedKeys Load(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new InvalidDataException($"the trusted keys file {file} does not exist");
        }

        if (info.Length is 0 or > MaxBytes)
        {
            throw new InvalidDataException($"the trusted keys file {file} is {(info.Length == 0 ? "empty" : "larger than 4 MiB")}");
        }

        var bytes = System.IO.File.ReadAllBytes(file);
        if (ArmoredKeyring.IsArmored(bytes))
        {
            return new TrustedKeys(file, TrustedKeyKind.OpenPgp, ArmoredKeyring.Decode(bytes, file));
        }

        // A binary OpenPGP packet starts with its tag byte, whose top bit is always set; an
        // allowed-signers file is text.
        return (bytes[0] & 0x80) != 0
            ? new TrustedKeys(file, TrustedKeyKind.OpenPgp, bytes)
            : new TrustedKeys(file, TrustedKeyKind.OpenSsh, bytes);
    }
}
