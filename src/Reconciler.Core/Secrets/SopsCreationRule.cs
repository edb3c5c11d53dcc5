namespace Reconciler.Core.Secrets;

/// <summary>What a .sops.yaml creation rule says about a new file: its age recipients and which values stay plain.</summary>
public sealed record SopsCreationRule(IReadOnlyList<string> AgeRecipients)
{
    public string? UnencryptedSuffix { get; init; }

    public string? EncryptedSuffix { get; init; }

    public string? UnencryptedRegex { get; init; }

    public string? EncryptedRegex { get; init; }
}
