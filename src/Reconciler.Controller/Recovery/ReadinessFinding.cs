namespace Reconciler.Controller.Recovery;

/// <summary>One line of `reconciler check failover`: a check on one subject, OK or a problem, and for a problem what to do.</summary>
public sealed record ReadinessFinding(string Check, string Subject, bool Ok, string Detail, string? Remedy = null);
