namespace Reconciler.Git.Signatures;

/// <summary>The verdicts for every commit a <see cref="VerifyMode"/> asked about, newest first.</summary>
public sealed record SignatureReport(IReadOnlyList<SignatureVerdict> Verdicts)
{
    public bool Trusted => Verdicts.Count > 0 && Verdicts.All(v => v.Trusted);

    /// <summary>The first refusal, which is what a rejected commit reports.</summary>
    public SignatureVerdict? FirstRefusal => Verdicts.FirstOrDefault(v => !v.Trusted);
}
