using Docker.DotNet.Models;
using Reconciler.Core.Resources;

namespace Reconciler.Swarm.Resources;

/// <summary>What the Swarm provider sends to create or update each of its kinds: a closed set, matched exhaustively by the applier.</summary>
public abstract record SwarmPayload : ResourcePayload
{
    private SwarmPayload()
    {
    }

    public sealed record Service(ServiceSpec Spec) : SwarmPayload;

    public sealed record Network(NetworksCreateParameters Spec) : SwarmPayload;

    public sealed record Config(SwarmConfigSpec Spec) : SwarmPayload;

    public sealed record Secret(SwarmSecretSpec Spec) : SwarmPayload;

    public sealed record NodeLabel(string Value) : SwarmPayload;
}
