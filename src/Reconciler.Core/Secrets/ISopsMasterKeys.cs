namespace Reconciler.Core.Secrets;

/// <summary>
/// The master keys around a SOPS data key: age identities to unwrap it, age recipients to wrap
/// it. Kept behind this port so the core holds no native crypto library (Reconciler.Secrets
/// implements it with libsodium).
/// </summary>
public interface ISopsMasterKeys
{
    /// <summary>The 32-byte data key; throws <see cref="SopsException"/> when no identity here opens any of the file's age keys.</summary>
    byte[] Unwrap(SopsMetadata metadata);

    /// <summary>The data key encrypted to each recipient ("age1…").</summary>
    IReadOnlyList<SopsAgeKey> Wrap(byte[] dataKey, IReadOnlyList<string> recipients);
}
