using Reconciler.Controller.State;

namespace Reconciler.Controller.Loop;

/// <summary>
/// What a cycle shows while it runs, before its result is reported: the tip it is working on
/// (a webhook's push is visible at once, not after a long apply) and the phase it is in.
/// </summary>
public interface ICycleProgress
{
    void Fetched(string tip, ReconcilerState state, bool suspended);

    void Phase(string phase);
}
