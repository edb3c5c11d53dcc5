using System.Security.Cryptography;
using NSec.Cryptography;
using Reconciler.Core.Secrets;

namespace Reconciler.Secrets.Age;

/// <summary>An age X25519 recipient ("age1…"): wraps a file key so only its identity can unwrap it.</summary>
internal sealed class AgeRecipient
{
    internal const string StanzaType = "X25519";
    internal static readonly byte[] Label = "age-encryption.org/v1/X25519"u8.ToArray();

    private AgeRecipient(string text, byte[] publicKey)
    {
        Text = text;
        PublicKey = publicKey;
    }

    public string Text { get; }

    public byte[] PublicKey { get; }

    public static AgeRecipient Parse(string text)
    {
        var trimmed = text.Trim();
        if (Bech32.Decode(trimmed) is not ("age", { Length: 32 } key))
        {
            throw new SopsException(trimmed.StartsWith("age1", StringComparison.Ordinal)
                ? $"'{trimmed}' is not a valid age recipient (bad checksum or length)"
                : $"'{trimmed}' is not an age X25519 recipient (age1…); only those are supported");
        }

        return new AgeRecipient(trimmed.ToLowerInvariant(), key);
    }

    public static AgeRecipient FromPublicKey(byte[] publicKey) => new(Bech32.Encode("age", publicKey), publicKey);

    /// <summary>X25519 with a fresh ephemeral key, HKDF-SHA-256 over the shared secret, ChaCha20-Poly1305 around the file key.</summary>
    public AgeStanza Wrap(byte[] fileKey)
    {
        using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
        var share = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var theirs = NSec.Cryptography.PublicKey.Import(KeyAgreementAlgorithm.X25519, PublicKey, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(ephemeral, theirs)
            ?? throw new SopsException($"age recipient {Text} is a low-order point; it cannot receive a key");
        using var wrapKey = KeyDerivationAlgorithm.HkdfSha256.DeriveKey(shared, [.. share, .. PublicKey], Label, AeadAlgorithm.ChaCha20Poly1305);
        var body = AeadAlgorithm.ChaCha20Poly1305.Encrypt(wrapKey, new byte[12], [], fileKey);
        return new AgeStanza(StanzaType, [AgeFile.RawBase64(share)], body);
    }
}
