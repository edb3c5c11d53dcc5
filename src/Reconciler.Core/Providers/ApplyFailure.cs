using Reconciler.Core.Resources;

namespace Reconciler.Core.Providers;

/// <summary>
/// The one failure a provider reports for a change the engine or a node refused, whatever its
/// own error was: which resource, and a one-line message for people. The deployer catches this
/// and nothing provider-specific; anything else is a bug or an unreachable engine, and travels up.
/// </summary>
public sealed class ApplyFailure(ResourceKey key, string message, Exception? inner = null) : Exception(message, inner)
{
    public ResourceKey Key { get; } = key;
}
