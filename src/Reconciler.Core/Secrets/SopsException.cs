namespace Reconciler.Core.Secrets;

/// <summary>A SOPS file that cannot be read, decrypted or verified; the message is one line for the user and never holds plaintext.</summary>
public sealed class SopsException(string message) : Exception(message);
