namespace Reconciler.Git.Signatures;

/// <summary>Which commits must carry a trusted signature before one is deployed.</summary>
public enum VerifyMode
{
    /// <summary>Only the commit being deployed (what Flux checks).</summary>
    Tip,

    /// <summary>Every commit between the last applied one and the one being deployed.</summary>
    All,
}
