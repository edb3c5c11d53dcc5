namespace Reconciler.Controller.Status;

/// <summary>The current status, replaced whole on each change so readers never see half an update.</summary>
public sealed class StatusBoard(string tracking)
{
    private ControllerStatus current = ControllerStatus.Starting(tracking);

    public ControllerStatus Current => Volatile.Read(ref current);

    public void Update(Func<ControllerStatus, ControllerStatus> change)
    {
        ControllerStatus before, after;
        do
        {
            before = Current;
            after = change(before);
        }
        while (Interlocked.CompareExchange(ref current, after, before) != before);
    }
}
