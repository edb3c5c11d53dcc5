namespace Reconciler.Core.Resources;

/// <summary>
/// What a provider sends to create or update a resource (a Swarm ServiceSpec, a Path manifest).
/// The diff holds the resources of every provider in one list, so here the payload can only be
/// this common base; each provider derives a closed set of records from it (an abstract record
/// with a private constructor and its cases nested) and matches them exhaustively. A change
/// only reaches the provider that declared its kind, so it only ever sees its own payloads.
/// </summary>
public abstract record ResourcePayload;
