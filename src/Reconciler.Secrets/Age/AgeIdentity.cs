using NSec.Cryptography;
using Reconciler.Core.Secrets;

namespace Reconciler.Secrets.Age;

/// <summary>An age X25519 identity ("AGE-SECRET-KEY-1…"): unwraps the file keys of stanzas made for its recipient.</summary>
internal sealed class AgeIdentity : IDisposable
{
    private readonly Key key;

    private AgeIdentity(Key key)
    {
        this.key = key;
        Recipient = AgeRecipient.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public AgeRecipient Recipient { get; }

    public static AgeIdentity Parse(string text)
    {
        if (Bech32.Decode(text.Trim()) is not ("age-secret-key-", { Length: 32 } scalar))
        {
            throw new SopsException("not an age X25519 identity (AGE-SECRET-KEY-1…)");
        }

        return new AgeIdentity(Key.Import(KeyAgreementAlgorithm.X25519, scalar, KeyBlobFormat.RawPrivateKey));
    }

    public static AgeIdentity Generate() =>
        new(Key.Create(KeyAgreementAlgorithm.X25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>The identity as age writes it in a key file; only for tests and the demo key.</summary>
    public string Export() => Bech32.Encode("age-secret-key-", key.Export(KeyBlobFormat.RawPrivateKey)).ToUpperInvariant();

    /// <summary>The file key, or null when the stanza is not for this identity.</summary>
    public byte[]? Unwrap(AgeStanza stanza)
    {
        if (stanza.Type != AgeRecipient.StanzaType)
        {
            return null; // scrypt, ssh and plugin stanzas belong to other identities
        }

        if (stanza.Arguments.Count != 1 || stanza.Body.Length != 32)
        {
            throw new SopsException("an X25519 stanza of the age header is malformed");
        }

        var share = AgeFile.RawBase64(stanza.Arguments[0]);
        if (share.Length != 32)
        {
            throw new SopsException("an X25519 stanza of the age header is malformed");
        }

        var ephemeral = PublicKey.Import(KeyAgreementAlgorithm.X25519, share, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(key, ephemeral);
        if (shared is null)
        {
            return null;
        }

        using var wrapKey = KeyDerivationAlgorithm.HkdfSha256.DeriveKey(shared, [.. share, .. Recipient.PublicKey], AgeRecipient.Label, AeadAlgorithm.ChaCha20Poly1305);
        return AeadAlgorithm.ChaCha20Poly1305.Decrypt(wrapKey, new byte[12], [], stanza.Body);
    }

    public void Dispose() => key.Dispose();
}
