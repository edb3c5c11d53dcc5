namespace Reconciler.Secrets.Age;

/// <summary>One recipient stanza of an age header: "-> type args…" and its body.</summary>
internal sealed record AgeStanza(string Type, IReadOnlyList<string> Arguments, byte[] Body);
